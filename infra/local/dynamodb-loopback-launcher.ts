/**
 * DynamoDB Local has no option to choose the interface it listens on: its `DynamoDBProxyServer` builds
 * a Jetty `Server(port)`, whose connector binds the wildcard address (every interface), and neither
 * DynamoDB Local (`-help`: -port, -inMemory, -dbPath, -sharedDb, -cors, -delayTransientStatuses,
 * -disableTelemetry, -optimizeDbBeforeStartup, -version) nor Jetty (no system property for a
 * programmatically built connector) nor the JVM offers a setting for it. Its data (app secrets,
 * password hashes) would then be open to anyone who can reach the machine, with any credentials.
 *
 * So the JVM is started with a main class of our own instead of the jar's, the equivalent of:
 *
 * ```java
 * public final class LoopbackServerRunner {
 *   public static void main(String[] args) throws Exception {
 *     DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
 *     Field field = DynamoDBProxyServer.class.getDeclaredField("server");
 *     field.setAccessible(true);
 *     Server server = (Server) field.get(proxy);
 *     ((AbstractNetworkConnector) server.getConnectors()[0]).setHost("127.0.0.1");
 *     proxy.start();
 *   }
 * }
 * ```
 *
 * It parses the same command line as the jar's `ServerRunner` and builds the same server, then sets the
 * host of its one connector before the socket is opened. Should a later DynamoDB Local change those
 * internals, the launcher throws and the JVM exits: the runtime then fails to start, it never falls
 * back to listening on every interface. (It also never configures DynamoDB Local's telemetry.)
 *
 * A newcomer's machine has a Java runtime but not necessarily a compiler (a JRE has no `javac`), so the
 * class is not compiled: its bytes are written here. It has no branches and no exception handlers, so a
 * class file of version 52 (Java 8, loadable by every later JVM) needs no stack map frames.
 */

export const launcherClassName = 'LoopbackServerRunner';

/** The only address DynamoDB Local listens on. */
export const loopbackHost = '127.0.0.1';

const proxyServer = 'software/amazon/dynamodb/services/local/server/DynamoDBProxyServer';
const serverRunner = 'software/amazon/dynamodb/services/local/main/ServerRunner';
const jettyServer = 'org/eclipse/jetty/server/Server';
const networkConnector = 'org/eclipse/jetty/server/AbstractNetworkConnector';

/** The constant pool of a class file: entries are added once and referred to by index. */
class ConstantPool {
  readonly #entries: Buffer[] = [];
  readonly #indexes = new Map<string, number>();

  get count(): number {
    return this.#entries.length + 1;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#entries);
  }

  utf8(text: string): number {
    // Modified UTF-8 equals UTF-8 for the ASCII names used here.
    const bytes = Buffer.from(text, 'utf8');
    return this.#add(`utf8:${text}`, Buffer.concat([u1(1), u2(bytes.length), bytes]));
  }

  classRef(name: string): number {
    return this.#add(`class:${name}`, Buffer.concat([u1(7), u2(this.utf8(name))]));
  }

  string(text: string): number {
    return this.#add(`string:${text}`, Buffer.concat([u1(8), u2(this.utf8(text))]));
  }

  method(owner: string, name: string, descriptor: string): number {
    const nameAndType = this.#add(
      `nat:${name}:${descriptor}`,
      Buffer.concat([u1(12), u2(this.utf8(name)), u2(this.utf8(descriptor))]),
    );
    return this.#add(
      `method:${owner}.${name}${descriptor}`,
      Buffer.concat([u1(10), u2(this.classRef(owner)), u2(nameAndType)]),
    );
  }

  #add(key: string, entry: Buffer): number {
    const known = this.#indexes.get(key);
    if (known !== undefined) return known;
    this.#entries.push(entry);
    const index = this.#entries.length;
    this.#indexes.set(key, index);
    return index;
  }
}

const op = {
  aload0: 0x2a,
  aload1: 0x2b,
  aload2: 0x2c,
  astore1: 0x4c,
  astore2: 0x4d,
  iconst0: 0x03,
  iconst1: 0x04,
  aaload: 0x32,
  ldcW: 0x13,
  invokestatic: 0xb8,
  invokevirtual: 0xb6,
  checkcast: 0xc0,
  return: 0xb1,
} as const;

function u1(value: number): Buffer {
  return Buffer.from([value]);
}

function u2(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function u4(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** The class file of the launcher described above. */
export function loopbackLauncherClass(): Buffer {
  const pool = new ConstantPool();
  const thisClass = pool.classRef(launcherClassName);
  const superClass = pool.classRef('java/lang/Object');
  const code = Buffer.concat([
    u1(op.aload0),
    u1(op.invokestatic),
    u2(pool.method(serverRunner, 'createServerFromCommandLineArgs', `([Ljava/lang/String;)L${proxyServer};`)),
    u1(op.astore1),
    u1(op.ldcW),
    u2(pool.classRef(proxyServer)),
    u1(op.ldcW),
    u2(pool.string('server')),
    u1(op.invokevirtual),
    u2(pool.method('java/lang/Class', 'getDeclaredField', '(Ljava/lang/String;)Ljava/lang/reflect/Field;')),
    u1(op.astore2),
    u1(op.aload2),
    u1(op.iconst1),
    u1(op.invokevirtual),
    u2(pool.method('java/lang/reflect/Field', 'setAccessible', '(Z)V')),
    u1(op.aload2),
    u1(op.aload1),
    u1(op.invokevirtual),
    u2(pool.method('java/lang/reflect/Field', 'get', '(Ljava/lang/Object;)Ljava/lang/Object;')),
    u1(op.checkcast),
    u2(pool.classRef(jettyServer)),
    u1(op.invokevirtual),
    u2(pool.method(jettyServer, 'getConnectors', '()[Lorg/eclipse/jetty/server/Connector;')),
    u1(op.iconst0),
    u1(op.aaload),
    u1(op.checkcast),
    u2(pool.classRef(networkConnector)),
    u1(op.ldcW),
    u2(pool.string(loopbackHost)),
    u1(op.invokevirtual),
    u2(pool.method(networkConnector, 'setHost', '(Ljava/lang/String;)V')),
    u1(op.aload1),
    u1(op.invokevirtual),
    u2(pool.method(proxyServer, 'start', '()V')),
    u1(op.return),
  ]);
  const maxStack = 2;
  const maxLocals = 3;
  const codeAttribute = Buffer.concat([
    u2(maxStack),
    u2(maxLocals),
    u4(code.length),
    code,
    u2(0), // exception table
    u2(0), // attributes
  ]);
  const method = Buffer.concat([
    u2(0x0009), // public static
    u2(pool.utf8('main')),
    u2(pool.utf8('([Ljava/lang/String;)V')),
    u2(1),
    u2(pool.utf8('Code')),
    u4(codeAttribute.length),
    codeAttribute,
  ]);
  return Buffer.concat([
    u4(0xcafebabe),
    u2(0), // minor version
    u2(52), // major version: Java 8
    u2(pool.count),
    pool.bytes(),
    u2(0x0031), // public final super
    u2(thisClass),
    u2(superClass),
    u2(0), // interfaces
    u2(0), // fields
    u2(1), // methods
    method,
    u2(0), // attributes
  ]);
}
