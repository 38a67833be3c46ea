// Runs `ansible-playbook --version` for preflight (the effect behind plan/ansible-preflight.ts).
// Bounded: a hung program must not hold the run's start for long.
import {spawnSync} from 'node:child_process';

export const versionTimeoutMs = 30_000;

/** The program's stdout, or null when it could not start, failed or timed out. */
export function askVersion(program: string, opts: {cwd: string; env: Record<string, string | undefined>}): string | null {
	const result = spawnSync(program, ['--version'], {
		cwd: opts.cwd,
		env: opts.env as NodeJS.ProcessEnv,
		stdio: ['ignore', 'pipe', 'ignore'],
		encoding: 'utf8',
		timeout: versionTimeoutMs,
		killSignal: 'SIGKILL',
		maxBuffer: 1024 * 1024,
	});
	if (result.error || result.status !== 0) return null;
	return result.stdout;
}
