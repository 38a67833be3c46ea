// The identity every process of a step attempt carries: an environment variable set for the
// attempt's process and inherited by ansible-playbook's workers, their tasks and a wrapper's
// children, wherever they end up in the process tree (ansible-core 2.19+ workers have sessions of
// their own). It is saved with the attempt before the spawn, so whenever a supervisor is killed,
// the next one finds the attempt's processes by it, even those whose pid was never saved.
import {resolve} from 'node:path';

export const attemptVariable = 'ANSIBLE_DRIVER_ATTEMPT';

/** `<run directory>/<step id>/<attempt number>`: unique to the attempt, and says whose it is in `ps e`. */
export function attemptToken(dir: string, stepId: string, n: number): string {
	return `${resolve(dir)}/${stepId}/${n}`;
}

/**
 * A value of the shape attemptToken makes: an absolute path ending in `/<step id>/<attempt>`, one
 * line, of a length a path can have. Anything else read from a process's environment is not a
 * token (another program's variable, or garbage), whatever it would match.
 */
export function isAttemptToken(value: string): boolean {
	return value.length <= 4096 && /^\/[^\0\n\r]*\/[a-z0-9][a-z0-9._-]*\/[1-9]\d*$/.test(value);
}

/** Matches the token of every attempt of a step in this run directory. */
export function stepTokens(dir: string, stepId: string): (token: string) => boolean {
	const prefix = `${resolve(dir)}/${stepId}/`;
	return (token) => token.startsWith(prefix) && /^\d+$/.test(token.slice(prefix.length));
}
