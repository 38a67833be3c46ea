// Which ansible-core preflight finds per step, with the process call replaced by a fake.
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findAnsible, type VersionAsker} from '../../source/plan/ansible-preflight.js';
import {parsePlan} from '../../source/plan/load.js';
import type {Plan} from '../../source/plan/types.js';
import {expectPlan} from './helpers.js';

let root: string;
let bin: string;
let wrapperBin: string;

function executable(path: string): void {
	writeFileSync(path, '#!/bin/sh\nexit 0\n');
	chmodSync(path, 0o755);
}

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'ansible-preflight-'));
	bin = join(root, 'bin');
	wrapperBin = join(root, 'wrapper-bin');
	mkdirSync(bin);
	mkdirSync(wrapperBin);
	executable(join(bin, 'ansible-playbook'));
	executable(join(wrapperBin, 'openstack-ansible'));
	writeFileSync(join(root, 'one.yml'), '- hosts: localhost\n  tasks: []\n');
	writeFileSync(join(root, 'two.yml'), '- hosts: localhost\n  tasks: []\n');
});

afterEach(() => rmSync(root, {recursive: true, force: true}));

function plan(...lines: string[]): Plan {
	const file = join(root, 'plan.yml');
	const text = `${lines.join('\n')}\n`;
	writeFileSync(file, text);
	return expectPlan(parsePlan(text, {file, env: {}}));
}

/** A fake asker that prints `output` for every program and records what it was asked. */
function asker(output: string | null): VersionAsker & {asked: string[]} {
	const asked: string[] = [];
	const ask: VersionAsker = (program) => {
		asked.push(program);
		return output;
	};
	return Object.assign(ask, {asked});
}

describe('findAnsible', () => {
	it('asks the step program itself when it is ansible-playbook, once for every step, and warns of nothing tested', () => {
		const p = plan('name: x', 'steps:', '  - playbook: one.yml', '  - run: [/bin/true]', '  - playbook: two.yml');
		const ask = asker('ansible-playbook [core 2.19.11]\n  config file = None\n');
		const found = findAnsible(p, {PATH: bin}, ask);
		const info = {version: '2.19.11', source: 'command', program: join(bin, 'ansible-playbook')};
		expect(found).toEqual({run: info, steps: [info, null, info], warnings: []});
		expect(ask.asked).toEqual([join(bin, 'ansible-playbook')]);
	});

	it('warns, once, of a release outside the tested range, and does not refuse it', () => {
		const p = plan('name: x', 'steps:', '  - playbook: one.yml', '  - playbook: two.yml');
		const found = findAnsible(p, {PATH: bin}, asker('ansible-playbook [core 2.23.0]\n'));
		expect(found.steps.map((s) => s?.version)).toEqual(['2.23.0', '2.23.0']);
		expect(found.warnings).toEqual([
			{
				file: join(root, 'plan.yml'),
				key: 'command',
				severity: 'warning',
				message: `ansible-core 2.23.0 is newer than the tested releases (2.14 to 2.22) (${join(bin, 'ansible-playbook')} --version); the run is not refused`,
			},
		]);
		expect(findAnsible(p, {PATH: bin}, asker('ansible-playbook 2.9.6\n')).warnings[0]!.message).toMatch(/^ansible-core 2\.9\.6 is older than the tested releases/);
	});

	it('records an unknown version, with a warning, when ansible-playbook itself says nothing readable (or fails)', () => {
		const p = plan('name: x', 'steps:', '  - playbook: one.yml');
		for (const output of [null, 'something else\n']) {
			const found = findAnsible(p, {PATH: bin}, asker(output));
			expect(found.steps).toEqual([{version: null, source: 'command', program: join(bin, 'ansible-playbook')}]);
			expect(found.warnings[0]!.message).toMatch(/^the ansible-core version could not be told: .*ansible-playbook --version failed, timed out or printed no version/);
		}
	});

	it('never runs a wrapper: it asks the ansible-playbook on the same PATH, and says so', () => {
		const p = plan('name: x', 'command: [openstack-ansible]', 'steps:', '  - playbook: one.yml');
		const ask = asker('ansible-playbook [core 2.13.1]\n');
		const found = findAnsible(p, {PATH: `${wrapperBin}:${bin}`}, ask);
		expect(ask.asked).toEqual([join(bin, 'ansible-playbook')]);
		expect(found.run).toEqual({version: '2.13.1', source: 'path', program: join(bin, 'ansible-playbook')});
		expect(found.warnings[0]!.message).toContain(`(the ansible-playbook found on PATH, ${join(bin, 'ansible-playbook')}; openstack-ansible may run another)`);
	});

	it('a wrapper with no ansible-playbook on PATH, or a program not found: unknown, nothing asked, no warning', () => {
		const ask = asker('ansible-playbook [core 2.19.1]\n');
		const wrapped = findAnsible(plan('name: x', 'command: [openstack-ansible]', 'steps:', '  - playbook: one.yml'), {PATH: wrapperBin}, ask);
		expect(wrapped).toEqual({run: null, steps: [null], warnings: []});
		const missing = findAnsible(plan('name: x', 'steps:', '  - playbook: one.yml'), {PATH: wrapperBin}, ask);
		expect(missing).toEqual({run: null, steps: [null], warnings: []});
		expect(ask.asked).toEqual([]);
	});

	it("uses the step's own PATH (plan env) and runs the program in the step's cwd with that env", () => {
		const other = join(root, 'other-bin');
		mkdirSync(other);
		executable(join(other, 'ansible-playbook'));
		const p = plan('name: x', `env: {PATH: "${other}", EXTRA: "1"}`, 'steps:', '  - playbook: one.yml');
		const calls: Array<{program: string; cwd: string; env: Record<string, string | undefined>}> = [];
		const found = findAnsible(p, {PATH: bin, HOME: '/home/x'}, (program, opts) => {
			calls.push({program, ...opts});
			return 'ansible-playbook [core 2.17.0]';
		});
		expect(found.run?.program).toBe(join(other, 'ansible-playbook'));
		expect(calls).toEqual([{program: join(other, 'ansible-playbook'), cwd: root, env: {PATH: other, HOME: '/home/x', EXTRA: '1'}}]);
	});
});
