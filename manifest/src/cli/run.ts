import { resolve } from 'node:path';
import { PackageEnvError } from '../env.js';

/** Runs a CLI body; prints a {@link PackageEnvError} or any failure plainly and exits 1. */
export async function runCli(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    console.error(error instanceof PackageEnvError ? error.message : `✖ ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}

/** Prints problems as a list; returns the exit code (0 when there are none). */
export function reportProblems(subject: string, problems: string[]): number {
  if (problems.length === 0) {
    console.log(`✔ ${subject} is valid`);
    return 0;
  }
  console.error(`✖ ${subject}: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  - ${problem}`);
  return 1;
}

/** Resolves a path given on the command line against the folder npm was started from. */
export function fromInvocationDir(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
