// `ansible-playbook --version` costs a Python start and an import of ansible (about 0.4 s of CPU)
// on every run and resume. Its answer is kept per program file: the same path, inode, size and
// times (a package or pip upgrade rewrites the file) and the same Python search path give the
// same ansible-core. Only an answer with a version is kept; a failure is asked again next time.
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, realpathSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {cacheDir} from '../cache-dir.js';
/** Asks a program which ansible-core it runs (its `--version` text), or null. */
export type VersionAsker = (program: string, opts: {cwd: string; env: Record<string, string | undefined>}) => string | null;
import {writeFileAtomic} from '../fs/atomic-file.js';
import {parseAnsibleVersionOutput} from './version.js';

export function versionCacheDir(env: Record<string, string | undefined>): string {
	return cacheDir(env, 'versions');
}

function keyOf(program: string, env: Record<string, string | undefined>): string | null {
	try {
		const real = realpathSync(program);
		const s = statSync(real);
		const parts = [real, s.ino, s.size, s.mtimeMs, s.ctimeMs, env['PYTHONPATH'] ?? '', env['PYTHONHOME'] ?? ''];
		return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
	} catch {
		return null;
	}
}

/** `ask`, answered from the cache in `dir` when the program file is the one asked before. */
export function cachedVersionAsker(ask: VersionAsker, dir: string): VersionAsker {
	return (program, opts) => {
		const key = keyOf(program, opts.env);
		const file = key === null ? null : join(dir, `${key}.txt`);
		if (file) {
			try {
				const kept = readFileSync(file, 'utf8');
				if (parseAnsibleVersionOutput(kept) !== null) return kept;
			} catch {
				// Not asked before: ask now.
			}
		}
		const out = ask(program, opts);
		if (file && out !== null && parseAnsibleVersionOutput(out) !== null) {
			try {
				mkdirSync(dir, {recursive: true, mode: 0o700});
				writeFileAtomic(file, out); // whole: a run starting beside it never reads half an answer
			} catch {
				// A cache that cannot be written only costs the next run the question.
			}
		}
		return out;
	};
}
