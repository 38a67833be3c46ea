// The lock under contention: several processes taking over one stale lock at the same moment.
import {execFile} from 'node:child_process';
import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';

const lockModule = fileURLToPath(new URL('../../dist/run/lock.js', import.meta.url));

/** A process that waits for `at`, tries the lock, holds it a while, and prints whether it got it. */
function contender(dir: string, at: number): Promise<string> {
	const script = `
		const {acquireLock} = await import(${JSON.stringify(lockModule)});
		while (Date.now() < ${at}) {}
		const r = await acquireLock(${JSON.stringify(dir)});
		process.stdout.write(r.ok ? 'got' : 'held');
		if (r.ok) setTimeout(() => r.release(), 2000);`;
	return new Promise((resolve, reject) =>
		execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout) => (error ? reject(error) : resolve(stdout))),
	);
}

it('of several processes taking over a stale lock at once, exactly one gets it, and no stray files stay', async () => {
	for (let round = 0; round < 4; round++) {
		const dir = mkdtempSync(join(tmpdir(), 'lock-race-'));
		writeFileSync(join(dir, 'supervisor.lock'), JSON.stringify({pid: 999_999, start: 1, host: hostname(), since: 'earlier'}));
		const at = Date.now() + 700;
		const results = await Promise.all([1, 2, 3, 4].map(() => contender(dir, at)));
		expect(results.filter((r) => r === 'got')).toHaveLength(1);
		expect(readdirSync(dir)).toEqual([]); // released, no drafts or moved-aside locks left
	}
}, 60_000);
