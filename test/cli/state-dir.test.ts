// --state-dir: the driver runs in a directory it creates (owner only), an empty one or a run's own;
// it refuses anyone else's folder and never changes the mode of a directory it did not create.
import {chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {program, runCli, sandbox, startCli} from '../helpers/cli.js';

const mode = (path: string) => statSync(path).mode & 0o7777;

/** The CLI's result, or killed after 20 s: a driver that never gives up must fail the test, not hang it. */
async function runBounded(args: string[], env: Record<string, string | undefined>) {
	const cli = startCli(args, env);
	const timer = setTimeout(() => cli.child.kill('SIGKILL'), 20_000);
	try {
		return await cli.done;
	} finally {
		clearTimeout(timer);
	}
}

function expectUsage(r: {code: number | null; stdout: string; stderr: string}) {
	expect(r.code, r.stdout + r.stderr).toBe(2);
	expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
}

describe('--state-dir', () => {
	it('refuses a shared, non-empty folder (like /tmp) without touching it, saying why and what to do', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		const shared = join(box.dir, 'shared');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		writeFileSync(join(shared, 'someone-elses.txt'), 'x');
		const r = await runCli(['run', plan, '--plain', '--yes', '--state-dir', shared], box.env);
		expectUsage(r);
		expect(r.stderr).toContain(`cannot use ${shared} as the run directory: it is not empty (someone-elses.txt) and holds no ansible-driver run (no state.json)`);
		expect(r.stderr).toContain(`--state-dir ${join(shared, 'ansible-driver-run')} (it is created), or leave --state-dir out`);
		expect(mode(shared)).toBe(0o1777);
		expect(readdirSync(shared)).toEqual(['someone-elses.txt']);
		expect(box.markers()).toEqual([]);
	});

	it('runs in an existing empty directory and leaves its mode alone; one it creates is owner-only', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		const empty = join(box.dir, 'empty');
		mkdirSync(empty);
		chmodSync(empty, 0o755);
		const r = await runCli(['run', plan, '--plain', '--yes', '--state-dir', empty], box.env);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(mode(empty)).toBe(0o755);
		expect(existsSync(join(empty, 'state.json'))).toBe(true);

		const created = join(box.dir, 'new', 'run');
		expect((await runCli(['run', plan, '--plain', '--yes', '--state-dir', created], box.env)).code).toBe(0);
		expect(mode(created)).toBe(0o700);
		expect(mode(join(box.dir, 'new'))).toBe(0o700);
	});

	it('an empty value is refused, not taken as the default run directory', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		for (const args of [['run', plan, '--plain', '--yes', '--state-dir', ''], ['status', '--state-dir'], ['resume', '--state-dir='], ['status', '--state-dir', ' ']]) {
			const r = await runCli(args, box.env);
			expectUsage(r);
			expect(r.stderr, args.join(' ')).toContain('--state-dir needs a directory, e.g. --state-dir ~/upgrade-run; leave the option out to use the default run directory');
		}
		expect(existsSync(join(box.dir, 'xdg-state'))).toBe(false);
		expect(box.markers()).toEqual([]);
	});

	it('a directory that cannot be made (/proc/x) is exit 2 at once, not an endless mkdir', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		const r = await runBounded(['run', plan, '--plain', '--yes', '--state-dir', '/proc/ansible-driver-test/run'], box.env);
		expectUsage(r);
		expect(r.stderr).toContain('cannot use /proc/ansible-driver-test/run as the run directory: /proc does not accept new directories');
		expect(box.markers()).toEqual([]);
	});

	it('a state root that cannot be made (XDG_STATE_HOME=/proc/x) is exit 2 at once too', async () => {
		const box = sandbox();
		const plan = box.plan('  - playbook: first.yml\n');
		const r = await runBounded(['run', plan, '--plain', '--yes'], {...box.env, XDG_STATE_HOME: '/proc/ansible-driver-test'});
		expectUsage(r);
		expect(r.stderr).toContain('cannot write to the state root /proc/ansible-driver-test/ansible-driver');
		expect(box.markers()).toEqual([]);
	});

	it('a flag given twice is a usage error, not a crash', async () => {
		const box = sandbox();
		const r = await runCli(['status', '--state-dir', 'a', '--state-dir', 'b'], box.env);
		expectUsage(r);
		expect(r.stderr).toContain(`The flag --state-dir can only be set once. See ${program} --help`);
	});
});
