// The single executable's own files (the built-in plans, the callback plugin), written out where
// ansible and the plan loader can read them: a private folder per version in the cache
// ($XDG_CACHE_HOME/ansible-driver/executable-<version>, 0700). Each file is compared with the
// executable's copy by content hash whenever it is asked for, and rewritten (atomically) when it
// differs or is missing: a file edited or damaged in the cache never runs in place of the real one.
import {createHash} from 'node:crypto';
import {chmodSync, lstatSync, mkdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {cacheDir} from '../cache-dir.js';
import {writeFileAtomic} from '../fs/atomic-file.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function onDisk(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

/** A folder of ours, 0700: made when missing; refused when it is a symlink or another user's. */
function privateDir(path: string): void {
	mkdirSync(path, {recursive: true, mode: 0o700});
	const stats = lstatSync(path);
	const uid = process.getuid?.();
	if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) {
		throw new Error(`${path} is not a folder of this account's; remove it so ansible-driver can unpack its files there`);
	}
	if ((stats.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
}

/**
 * Writes each of `names` (paths like plans/demo/plan.yml) that differs from `read(name)` under
 * the version's folder, and returns that folder.
 */
export function unpackAssets(env: Record<string, string | undefined>, version: string, names: readonly string[], read: (name: string) => string): string {
	const root = cacheDir(env, `executable-${version}`);
	privateDir(root);
	for (const name of names) {
		const content = read(name);
		const path = join(root, name);
		const current = onDisk(path);
		if (current !== null && sha256(current) === sha256(content)) continue;
		for (let dir = dirname(path); dir.length > root.length; dir = dirname(dir)) privateDir(dir);
		writeFileAtomic(path, content, 0o600);
	}
	return root;
}
