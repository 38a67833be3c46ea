// The run's lock under contention: ten processes race for it; each, once it holds it, dies without
// releasing it (as a supervisor killed with -9), so every next holder takes over a stale lock while
// the others race it. Half of them are slowed down inside rename (strace injects delays before and
// after the call), where a takeover by moving a lock aside could move a fresh one. Never may two
// hold it at once.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';

const lockModule = fileURLToPath(new URL('../../dist/run/lock.js', import.meta.url));
const contender = fileURLToPath(new URL('../../fixtures/lock/contend.mjs', import.meta.url));
const hasStrace = spawnSync('strace', ['-V'], {stdio: 'ignore'}).status === 0;
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function run(argv: string[]): Promise<number | null> {
	const child = spawn(argv[0]!, argv.slice(1), {stdio: 'ignore'});
	return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

/** Lines of the journal as holders; throws at the first overlap. */
function holders(journal: string): string[] {
	const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
	let holder: string | null = null;
	const seen: string[] = [];
	for (const [index, line] of lines.entries()) {
		const [what, id] = line.split(' ');
		if (what === 'in') {
			if (holder !== null) throw new Error(`line ${index + 1}: ${id} took the lock while ${holder} held it`);
			holder = id!;
			seen.push(id!);
		} else {
			expect(id, `line ${index + 1}`).toBe(holder);
			holder = null;
		}
	}
	return seen;
}

async function race(slowed: boolean): Promise<string[]> {
	const dir = mkdtempSync(join(tmpdir(), 'ad-lock-'));
	dirs.push(dir);
	const journal = join(dir, 'journal');
	writeFileSync(journal, '');
	// Left by a supervisor that died: every contender first sees a stale lock.
	writeFileSync(join(dir, 'supervisor.lock'), JSON.stringify({pid: 999_999, start: 1, host: hostname(), since: 'earlier'}));
	const contenders = Array.from({length: 10}, (_, i) => {
		const node = [process.execPath, contender, lockModule, dir, `c${i}`, journal];
		const inject = `inject=rename,renameat,renameat2:delay_enter=${20_000 + i * 7000}:delay_exit=50000`;
		return slowed && i % 2 === 0 ? run(['strace', '-f', '-qq', '-o', '/dev/null', '-e', inject, ...node]) : run(node);
	});
	const codes = await Promise.all(contenders);
	expect(codes).toEqual(contenders.map(() => 0));
	return holders(journal);
}

describe('run lock under contention', () => {
	it('ten processes taking over stale locks in turn: one holder at a time, each served once', async () => {
		expect((await race(false)).sort()).toEqual(Array.from({length: 10}, (_, i) => `c${i}`).sort());
	});

	it.runIf(hasStrace)('with delays injected around rename: still one holder at a time', async () => {
		for (let round = 0; round < 3; round++) expect(await race(true)).toHaveLength(10);
	});

	it.skipIf(hasStrace)('needs strace for the injected delays', () => {
		console.warn('[skipped] lock race with injected delays: strace is not installed');
	});
});
