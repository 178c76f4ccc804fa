/**
 * The local WeChat simulator (see types.ts). Used by `npm start`, tests and benchmarks; the platform
 * reaches it only because the WeChat API base URL is configuration (WECHAT_API_BASE = `baseUrl`).
 */
export { isKfAccount } from './app-registry.ts';
export type { SimulatedArticle } from './published-articles.ts';
export { startWeChatSimulator } from './simulator.ts';
export type {
  ApiName,
  CallbackAttempt,
  CallbackDelivery,
  InjectedFailure,
  ReceivedMessage,
  SimulatedApp,
  SimulatedCustomer,
  SubscribeTemplate,
  TypingCommand,
  WeChatSimulator,
  WeChatSimulatorOptions,
} from './types.ts';
