/**
 * Passwords for the admin CLI: typed at a prompt that does not echo them, or read from standard input
 * (`--password-stdin`, for scripts and tests). Never a command-line argument: those end up in shell
 * history and in every process listing.
 */
import { UsageError } from './arguments.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One line typed without echo; Ctrl-C aborts, backspace erases. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let typed = '';
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return done();
        if (character === '\u0003') return done(new UsageError('cancelled'));
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (character >= ' ') typed += character;
      }
    };
    input.on('data', onData);
  });
}

/**
 * The password: the first line of standard input with `--password-stdin`, otherwise asked twice at
 * the terminal (the two must match).
 */
export async function readPassword(fromStdin: boolean, whose: string): Promise<string> {
  if (fromStdin) {
    const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
    if (!password) throw new UsageError('--password-stdin: standard input held no password');
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new UsageError('no terminal to type the password at: pipe it in with --password-stdin');
  }
  const first = await promptHidden(`Password for ${whose}: `);
  const again = await promptHidden('The same password again: ');
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}
