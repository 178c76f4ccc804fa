import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { CustomerProfile } from '../../../shared/domain/customer-profile.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { AbortedError, type ConversationPage, type CustomerProfileChange, describeError } from '../api.ts';
import type { ProfileState } from '../console-state.ts';
import { customerKey, withName } from '../customer-names.ts';
import type { ConsoleContext } from './console-context.ts';

/**
 * Customer profiles for the side panel: read when the panel shows a customer, changed field by field;
 * a changed remark name renames the customer everywhere the console names them.
 */
export class CustomerProfiles {
  constructor(private readonly context: ConsoleContext) {}

  async load(conversation: Conversation): Promise<void> {
    const key = customerKey(conversation);
    this.update(key, (held) => ({ ...held, loading: true, error: undefined }));
    try {
      const { profile, suggestedTags } = await this.context.api.customerProfile(conversation.conversationId);
      this.update(key, () => ({ profile, suggestedTags, loading: false }));
      this.rename(conversation, profile.remarkName);
    } catch (error) {
      if (error instanceof AbortedError || this.context.stopped()) return;
      this.update(key, (held) => ({ ...held, loading: false, error: describeError(error) }));
    }
  }

  /** Saves a change; answers what went wrong, in words, or undefined when it was saved. */
  async save(conversation: Conversation, change: CustomerProfileChange): Promise<string | undefined> {
    try {
      const profile = await this.context.api.changeCustomerProfile(conversation.conversationId, change);
      this.update(customerKey(conversation), (held) => ({
        ...held,
        profile,
        // A tag just given is part of the vocabulary from now on.
        suggestedTags: [...new Set([...held.suggestedTags, ...profile.tags])].sort((left, right) =>
          left.localeCompare(right, 'zh-CN'),
        ),
      }));
      this.rename(conversation, profile.remarkName);
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  }

  /**
   * A colleague changed the customer's profile: the panel, if it holds the customer, and every place
   * the console names them show it at once.
   */
  received(profile: CustomerProfile): void {
    const key = customerKey(profile);
    if (this.context.store.state.profiles[key]) {
      this.update(key, (held) => ({
        ...held,
        profile,
        suggestedTags: [...new Set([...held.suggestedTags, ...profile.tags])].sort((left, right) =>
          left.localeCompare(right, 'zh-CN'),
        ),
      }));
    }
    this.rename(profile, profile.remarkName);
  }

  /** The customer's conversations with the app, newest first, read through one of them. */
  history(conversationId: string, before?: string): Promise<ConversationPage> {
    return this.context.api.customerConversations(conversationId, before);
  }

  /** An earlier conversation's messages, to read (nothing of it is kept in the console's threads). */
  earlierMessages(conversationId: string): Promise<Message[]> {
    return this.context.api.messagesAfter(conversationId);
  }

  private rename(customer: { appId: string; openId: string }, remarkName: string | undefined): void {
    this.context.store.update((state) => {
      const customerNames = withName(state.customerNames, customer, remarkName);
      return customerNames === state.customerNames ? state : { ...state, customerNames };
    });
  }

  private update(key: string, change: (held: ProfileState) => ProfileState): void {
    this.context.store.update((state) => {
      const held = state.profiles[key] ?? { suggestedTags: [], loading: false };
      return { ...state, profiles: { ...state.profiles, [key]: change(held) } };
    });
  }
}
