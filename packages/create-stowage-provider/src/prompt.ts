import { createInterface } from 'node:readline/promises';

/** Asks one question; an empty answer takes `fallback`. */
export type Ask = (question: string, fallback?: string) => Promise<string>;

/**
 * A question-asker on the terminal (Node's readline, no dependency). Close it when done.
 */
export function terminalAsk(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): { ask: Ask; close(): void } {
  const rl = createInterface({ input, output });
  // Without a listener, readline only pauses on Ctrl+C and the prompt would hang: cancel instead.
  rl.on('SIGINT', () => {
    rl.close();
    output.write('\nCancelled; nothing was written.\n');
    process.exit(130);
  });
  return {
    ask: async (question, fallback) => {
      const answer = (await rl.question(fallback === undefined ? `${question}: ` : `${question} (${fallback}): `)).trim();
      return answer === '' ? (fallback ?? '') : answer;
    },
    close: () => rl.close(),
  };
}
