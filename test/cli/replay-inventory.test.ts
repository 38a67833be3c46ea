// `replay PATH --inventory FILE` through the built command line: the cast's frames (what the
// viewer draws) band the hosts by the inventory's groups, read by the real ansible-inventory; an
// ansible-runner folder's own inventory does the same unasked; a FILE that is not there, or the
// option on another command, is exit 2.
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import stripAnsi from 'strip-ansi';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {runCli} from '../helpers/cli.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const jsonl = fixture('events/fails.jsonl');
const inventory = fixture('plugin/inventory.ini');

/** The last frame of a cast, as text lines. */
function lastFrame(path: string): string[] {
	const events = readFileSync(path, 'utf8').trim().split('\n').slice(1);
	const [, , output] = JSON.parse(events.at(-1)!) as [number, string, string];
	return stripAnsi(output.replace('\u001b[H\u001b[2J', '')).split('\r\n');
}

/** The matrix's band names: its lines above the labels line (h1, h2, h3 in some order). */
function bandLines(frame: string[]): string {
	const labels = frame.findIndex((l) => /│.*\bh\d +h\d/.test(l));
	return frame.slice(2, labels).map((l) => l.slice(l.indexOf('│') + 1)).join('\n');
}

describeAnsible('replay --inventory (real ansible-inventory)', () => {
	it("an ansible.posix.jsonl replay is banded by the inventory's groups; the same replay without it is not", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'replay-inventory-'));
		const banded = await runCli(['replay', jsonl, '--inventory', inventory, '--cast', join(dir, 'banded.cast'), '--speed', '0'], process.env);
		expect(banded.code, banded.stdout + banded.stderr).toBe(0);
		expect(bandLines(lastFrame(join(dir, 'banded.cast')))).toMatch(/other[\s\S]*galera/);
		const plain = await runCli(['replay', jsonl, '--cast', join(dir, 'plain.cast'), '--speed', '0'], process.env);
		expect(plain.code, plain.stdout + plain.stderr).toBe(0);
		expect(bandLines(lastFrame(join(dir, 'plain.cast')))).toBe('');
		expect(lastFrame(join(dir, 'plain.cast')).join('\n')).not.toContain('galera');
	});

	it("an ansible-runner folder is banded by its own inventory's groups, unasked", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'replay-inventory-'));
		const r = await runCli(['replay', fixture('replay/runner-groups'), '--cast', join(dir, 'runner.cast'), '--speed', '0'], process.env);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stderr).not.toContain('inventory'); // read, not warned about
		expect(bandLines(lastFrame(join(dir, 'runner.cast')))).toMatch(/galera[\s\S]*rabbitmq/);
	});
});

it('a --inventory FILE that is not there is exit 2 before anything plays; another command refuses the option', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'replay-inventory-'));
	const missing = await runCli(['replay', jsonl, '--inventory', join(dir, 'nowhere.ini'), '--cast', join(dir, 'x.cast')], process.env);
	expect(missing.code).toBe(2);
	expect(missing.stderr).toContain(`--inventory ${join(dir, 'nowhere.ini')}: no such file or directory`);
	const run = await runCli(['status', '--inventory', inventory], process.env);
	expect(run.code).toBe(2);
	expect(run.stderr).toContain('--inventory is an option of replay');
});
