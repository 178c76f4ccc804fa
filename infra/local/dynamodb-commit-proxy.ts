/**
 * The endpoint the functions reach DynamoDB Local through: a pass-through that answers a write only
 * once DynamoDB Local has really committed it.
 *
 * DynamoDB Local answers TransactWriteItems before the transaction is in its database file: it is
 * committed by whatever request comes next (any request, even ListTables). If the JVM dies first,
 * the last transaction is lost although its caller was told it succeeded: a customer's message
 * acknowledged to WeChat, and then gone. (AWS's DynamoDB has no such window.) So after a write this
 * proxy sends DynamoDB Local one ListTables, which commits it, and only then passes the answer on.
 *
 * When DynamoDB Local is not there (it died, the supervisor is restarting it) the client's connection
 * is dropped, as it would be without the proxy, and the SDK retries or fails as it would.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listen } from './ports.ts';

export interface CommitProxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const writes = new Set(
  ['TransactWriteItems', 'BatchWriteItem', 'PutItem', 'UpdateItem', 'DeleteItem'].map(
    (operation) => `DynamoDB_20120810.${operation}`,
  ),
);

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function startCommitProxy(options: { target: () => string }): Promise<CommitProxy> {
  const agent = new Agent({ keepAlive: true });

  function forward(headers: IncomingHttpHeaders, body: Buffer, path: string): Promise<Answer> {
    const target = new URL(options.target());
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path,
          headers: { ...headers, host: target.host, 'content-length': String(body.length) },
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 500,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  const server = createServer(async (request, response) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const path = request.url ?? '/';
      const answer = await forward(request.headers, Buffer.concat(chunks), path);
      if (answer.status === 200 && writes.has(String(request.headers['x-amz-target']))) {
        // DynamoDB Local checks no signature: the caller's headers with another operation will do.
        const commit = Buffer.from('{"Limit":1}');
        await forward({ ...request.headers, 'x-amz-target': 'DynamoDB_20120810.ListTables' }, commit, path);
      }
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      response.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      response.end(answer.body);
    } catch {
      // DynamoDB Local is not there: the caller sees its connection drop, as without the proxy.
      request.socket.destroy();
    }
  });
  const host = '127.0.0.1';
  const port = await listen(server, { service: 'DynamoDB commit proxy', port: 0, host, hint: 'none' });
  return {
    endpoint: `http://${host}:${port}`,
    async stop() {
      await closeServer(server);
      agent.destroy();
    },
  };
}
