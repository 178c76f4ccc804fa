/** The conversion lives beside the other readers of the Streams API, in `shared/store`. */
export { toLambdaRecord } from '../../shared/store/stream-records.ts';
