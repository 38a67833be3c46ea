// The driver's caches: $XDG_CACHE_HOME/ansible-driver/<name> (else ~/.cache/...). What is kept
// there can always be worked out again; removing it only costs the next run that work.
import {join} from 'node:path';

export function cacheDir(env: Record<string, string | undefined>, name: string): string {
	return join(env['XDG_CACHE_HOME'] || join(env['HOME'] || '/tmp', '.cache'), 'ansible-driver', name);
}
