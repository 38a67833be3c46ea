import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parsePlan} from '../../source/plan/load.js';
import {hasErrors, preflight} from '../../source/plan/preflight.js';
import type {Plan} from '../../source/plan/types.js';
import {which} from '../../source/fs/which.js';
import {expectPlan} from './helpers.js';

let root: string;
let bin: string;
let emptyBin: string;

function writeExecutable(path: string): void {
	writeFileSync(path, '#!/bin/sh\nexit 0\n');
	chmodSync(path, 0o755);
}

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'plan-preflight-'));
	bin = join(root, 'bin');
	emptyBin = join(root, 'empty-bin');
	mkdirSync(bin);
	mkdirSync(emptyBin);
	mkdirSync(join(root, 'playbooks'));
	writeExecutable(join(bin, 'ansible-playbook'));
	writeFileSync(join(root, 'playbooks', 'one.yml'), '- hosts: localhost\n  tasks: []\n');
	writeFileSync(join(root, 'playbooks', 'two.yml'), '- hosts: localhost\n  tasks: []\n');
	writeFileSync(join(root, 'inventory.ini'), 'localhost ansible_connection=local\n');
});

afterEach(() => {
	rmSync(root, {recursive: true, force: true});
});

/** A plan file written in the temp root (so relative paths resolve there). */
function plan(...lines: string[]): Plan {
	const file = join(root, 'plan.yml');
	const text = `${lines.join('\n')}\n`;
	writeFileSync(file, text);
	return expectPlan(parsePlan(text, {file, env: {}}));
}

describe('preflight', () => {
	it('finds nothing wrong when cwd, inventory, playbooks and ansible-playbook on PATH are all there', () => {
		const p = plan('name: ok', 'cwd: playbooks', 'inventory: inventory.ini', 'steps:', '  - playbook: one.yml', '  - playbook: two.yml');
		expect(preflight(p, {PATH: `${emptyBin}:${bin}`})).toEqual([]);
	});

	it('reports a missing playbook at its step line, and says how to fix it', () => {
		const p = plan('name: x', 'cwd: playbooks', 'steps:', '  - playbook: one.yml', '  - playbook: missing.yml');
		const problems = preflight(p, {PATH: bin});
		expect(problems).toEqual([
			{
				file: join(root, 'plan.yml'),
				line: 5,
				key: 'steps[1].playbook',
				message: `playbook ${join(root, 'playbooks', 'missing.yml')} not found (a relative playbook path is taken from cwd ${join(root, 'playbooks')}): fix playbook: or cwd: in the plan`,
			},
		]);
		expect(hasErrors(problems)).toBe(true);
	});

	it('reports ansible-playbook missing from PATH once for all the steps that need it, with how to install it', () => {
		const p = plan('name: x', 'cwd: playbooks', 'steps:', '  - playbook: one.yml', '  - playbook: two.yml', '  - playbook: one.yml', '    args: [-v]');
		const problems = preflight(p, {PATH: emptyBin});
		expect(problems).toEqual([
			{
				file: join(root, 'plan.yml'),
				line: 4,
				key: 'command',
				message:
					'ansible-playbook not found on PATH: install ansible-core (apt-get install ansible-core, or pipx install ansible-core) or set `command:` in the plan (used by 3 steps: one, two, one-2)',
			},
		]);
	});

	it('names another missing command and says to set command: to its full path', () => {
		const p = plan('name: x', 'cwd: playbooks', 'command: [openstack-ansible]', 'steps:', '  - playbook: one.yml');
		expect(preflight(p, {PATH: bin}).map(problem => problem.message)).toEqual([
			'openstack-ansible not found on PATH: install it, or set `command:` in the plan to its full path',
		]);
	});

	it('says PATH is not set when the environment has none', () => {
		const p = plan('name: x', 'cwd: playbooks', 'steps:', '  - playbook: one.yml');
		expect(preflight(p, {}).map(problem => problem.message)).toEqual(['ansible-playbook not found: PATH is not set']);
	});

	it('finds a run program on PATH or by a path relative to the step cwd, and reports the missing and non-executable ones', () => {
		writeExecutable(join(root, 'playbooks', 'ok.sh'));
		writeFileSync(join(root, 'playbooks', 'not-exec.sh'), 'echo\n');
		const p = plan(
			'name: x',
			'cwd: playbooks',
			'steps:',
			'  - run: [ansible-playbook, --version]',
			'  - run: [./ok.sh]',
			'  - run: [./nope.sh]',
			'  - run: [./not-exec.sh]',
			'  - run: [no-such-tool]',
		);
		const problems = preflight(p, {PATH: bin});
		// Steps after the first run step are only warnings: an earlier step may create them.
		expect(problems.map(problem => [problem.line, problem.key, problem.severity])).toEqual([
			[6, 'steps[2].run[0]', 'warning'],
			[7, 'steps[3].run[0]', 'warning'],
			[8, 'steps[4].run[0]', 'warning'],
		]);
		expect(problems[0]?.message).toMatch(`./nope.sh not found (looked for ${join(root, 'playbooks', 'nope.sh')}`);
		expect(problems[1]?.message).toMatch(`${join(root, 'playbooks', 'not-exec.sh')} is not executable: chmod +x`);
		expect(problems[2]?.message).toMatch(/^no-such-tool not found on PATH: install it, or write its full path in `run:`/);
	});

	it('downgrades what an earlier command step may create to a warning, naming that step, and keeps the rest errors', () => {
		const p = plan(
			'name: x',
			'cwd: playbooks',
			'command: [openstack-ansible]',
			'steps:',
			'  - playbook: missing-first.yml',
			'  - run: [ansible-playbook, bootstrap.yml]',
			'  - playbook: one.yml',
		);
		const problems = preflight(p, {PATH: bin});
		expect(problems.map(problem => [problem.key, problem.severity])).toEqual([
			['command', undefined],
			['steps[0].playbook', undefined],
		]);

		const later = plan('name: x', 'cwd: playbooks', 'command: [openstack-ansible]', 'steps:', '  - run: [ansible-playbook, bootstrap.yml]', '  - playbook: one.yml');
		const warnings = preflight(later, {PATH: bin});
		expect(warnings).toHaveLength(1);
		expect(warnings[0]?.severity).toBe('warning');
		expect(warnings[0]?.message).toMatch(/may be created by an earlier step \(ansible-playbook, line 5\)/);
		expect(hasErrors(warnings)).toBe(false);
	});

	it('reports a missing inventory file, and accepts an inline host list without looking for a file', () => {
		const missing = plan('name: x', 'cwd: playbooks', 'inventory: hosts.ini', 'steps:', '  - playbook: one.yml');
		expect(preflight(missing, {PATH: bin})).toEqual([
			expect.objectContaining({key: 'inventory', message: expect.stringContaining(`inventory ${join(root, 'hosts.ini')} not found`)}),
		]);
		const inline = plan('name: x', 'cwd: playbooks', 'inventory: "localhost,"', 'steps:', '  - playbook: one.yml');
		expect(preflight(inline, {PATH: bin})).toEqual([]);
	});

	it('reports a missing cwd once, without a second problem for every playbook under it', () => {
		const p = plan('name: x', 'cwd: gone', 'steps:', '  - playbook: one.yml', '  - playbook: two.yml', '  - playbook: /abs/elsewhere.yml');
		const problems = preflight(p, {PATH: bin});
		expect(problems.map(problem => problem.key)).toEqual(['cwd', 'steps[2].playbook']);
		expect(problems[0]?.message).toBe(
			`cwd ${join(root, 'gone')} does not exist: create it, or fix cwd: in the plan (a relative cwd is taken from the plan file's folder)`,
		);
	});

	// access(2) answers for the real uid, as ansible-playbook would be refused: root reads any
	// mode, so this runs only as another user (test/cli/bad-input.test.ts switches to nobody).
	it.skipIf(process.getuid?.() === 0)('reports a playbook, inventory or cwd this user cannot read, with its mode', () => {
		chmodSync(join(root, 'playbooks', 'two.yml'), 0o000);
		chmodSync(join(root, 'inventory.ini'), 0o200);
		mkdirSync(join(root, 'shut'), {mode: 0o000});
		try {
			const p = plan('name: x', 'cwd: playbooks', 'inventory: inventory.ini', 'steps:', '  - playbook: one.yml', '  - playbook: two.yml');
			const problems = preflight(p, {PATH: bin});
			expect(problems.map(problem => [problem.key, problem.message])).toEqual([
				['inventory', expect.stringMatching(/^inventory .*inventory\.ini cannot be read \(permission denied; mode 0200, owner uid \d+, this process runs as uid \d+\)/)],
				['steps[1].playbook', expect.stringMatching(/^playbook .*two\.yml cannot be read \(permission denied; mode 0000.*\): make it readable \(e\.g\. chmod a\+r /)],
			]);
			expect(hasErrors(problems)).toBe(true);
			const shut = plan('name: x', 'cwd: shut', 'steps:', '  - run: [ls]');
			expect(preflight(shut, {PATH: '/usr/bin:/bin'}).map(problem => problem.message)).toEqual([
				expect.stringMatching(new RegExp(`^cwd ${join(root, 'shut')} cannot be entered \\(permission denied; mode 0000`)),
			]);
		} finally {
			chmodSync(join(root, 'shut'), 0o700);
		}
	});

	it('reports a cwd that is a file', () => {
		const p = plan('name: x', 'cwd: inventory.ini', 'steps:', '  - run: [ansible-playbook]');
		expect(preflight(p, {PATH: bin}).map(problem => problem.message)).toEqual([expect.stringMatching(/inventory\.ini is not a directory/)]);
	});
});

describe('which', () => {
	it('searches PATH in order, skipping non-executable files and empty entries', () => {
		const other = join(root, 'other');
		mkdirSync(other);
		writeFileSync(join(emptyBin, 'tool'), 'not executable');
		writeExecutable(join(other, 'tool'));
		expect(which('tool', {cwd: root, path: `:${emptyBin}:${other}`})).toEqual({found: true, path: join(other, 'tool')});
		expect(which('tool', {cwd: root, path: emptyBin})).toEqual({found: false, reason: 'not-executable', path: join(emptyBin, 'tool'), searchedPath: true});
	});

	it('resolves a name with a slash against cwd, not PATH', () => {
		expect(which('bin/ansible-playbook', {cwd: root, path: undefined})).toEqual({found: true, path: join(bin, 'ansible-playbook')});
		expect(which('./bin', {cwd: root, path: bin})).toMatchObject({found: false, reason: 'directory'});
	});
});
