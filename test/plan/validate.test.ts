import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {PlanProblem} from '../../source/plan/types.js';
import {BAD, expectPlan, expectProblems, loadFixture, parseText} from './helpers.js';

/** [line, column, key] of each problem, in order, to compare where problems point. */
function places(problems: PlanProblem[]): Array<[number | undefined, number | undefined, string | undefined]> {
	return problems.map(problem => [problem.line, problem.column, problem.key]);
}

function messageFor(problems: PlanProblem[], key: string): string {
	const problem = problems.find(candidate => candidate.key === key);
	if (!problem) expect.fail(`no problem for ${key}; got ${problems.map(p => p.key).join(', ')}`);
	return problem.message;
}

describe('a plan with many mistakes', () => {
	const problems = expectProblems(loadFixture('bad/everything-wrong.yml'));

	it('reports every problem at once, in file order, each with the file, line, column and key path', () => {
		expect(problems.every(problem => problem.file === join(BAD, 'everything-wrong.yml'))).toBe(true);
		expect(places(problems)).toEqual([
			[1, 7, 'name'],
			[2, 6, 'cwd'],
			[3, 10, 'command'],
			[4, 1, 'colour'],
			[5, 14, 'env.FORKS'],
			[8, 5, 'steps[0]'],
			[9, 5, 'steps[1]'],
			[11, 12, 'steps[2].pause'],
			[12, 10, 'steps[3].run'],
			[14, 21, 'steps[4].args[1]'],
			[17, 9, 'steps[6].id'],
			[19, 9, 'steps[7].id'],
			[21, 5, 'steps[8].playbok'],
			[21, 5, 'steps[8]'],
			[23, 5, 'steps[9].args'],
			[24, 15, 'steps[10].playbook'],
		]);
	});

	it('says how to fix each one', () => {
		expect(messageFor(problems, 'name')).toMatch(/is empty/);
		expect(messageFor(problems, 'cwd')).toBe('must be a directory path, got the number 42: quote it ("42")');
		expect(messageFor(problems, 'command')).toContain('write command: ["ansible-playbook", "-v"]');
		expect(messageFor(problems, 'colour')).toBe(
			'unknown key "colour" in a plan: allowed keys are name, cwd, command, inventory, env, requires, markers, markers_style, notify, stall_after, checks, steps',
		);
		expect(messageFor(problems, 'steps[0]')).toMatch(/either playbook: or run:, not both/);
		expect(messageFor(problems, 'steps[1]')).toMatch(/needs playbook: .* or run:/);
		expect(messageFor(problems, 'steps[2].pause')).toBe('must be one of task, play, step, got the string "sometimes"');
		expect(messageFor(problems, 'steps[3].run')).toBe(
			'must be a list of arguments, not a string (no shell runs it): write run: ["scripts/x.sh", "--flag"]',
		);
		expect(messageFor(problems, 'steps[4].args[1]')).toMatch(/got the number 10: quote it \("10"\)/);
		expect(messageFor(problems, 'steps[6].id')).toBe('duplicate id "same": steps[5] (line 15) has it too; ids must be unique');
		expect(messageFor(problems, 'steps[7].id')).toMatch(/id "Not_OK" must be lowercase .* e\.g\. id: not_ok/);
		expect(messageFor(problems, 'steps[8].playbok')).toMatch(/did you mean "playbook"\? allowed keys are id, name, playbook, run, args, pause, env, marker, markers_style/);
		expect(messageFor(problems, 'steps[9].args')).toMatch(/only for playbook steps/);
		expect(messageFor(problems, 'steps[10].playbook')).toBe(
			'environment variable UNSET_VAR is not set: export UNSET_VAR=..., or write ${UNSET_VAR:-default} in the plan',
		);
	});
});

describe('plan validation', () => {
	it('reports an unparsable file with the YAML parser error and its line and column', () => {
		const problems = expectProblems(loadFixture('bad/unparsable.yml'));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({file: join(BAD, 'unparsable.yml'), line: 5, column: 3});
		expect(problems[0]?.message).toMatch(/^YAML: Flow sequence .* end with a \]$/);
	});

	it('reports a duplicate top-level key as a YAML error', () => {
		const problems = expectProblems(parseText('name: a\nname: b\nsteps: [{run: [x]}]\n'));
		expect(places(problems)).toEqual([[2, 1, undefined]]);
		expect(problems[0]?.message).toMatch(/Map keys must be unique/);
	});

	it('refuses a second YAML document, saying to remove it', () => {
		const problems = expectProblems(parseText('name: x\nsteps: [{run: [a]}]\n---\nname: y\n'));
		expect(problems).toEqual([expect.objectContaining({line: 3, column: 1, message: expect.stringMatching(/^YAML: a plan file holds one YAML document/)})]);
	});

	it('reports an unknown key in a JSON plan with its line and column', () => {
		const problems = expectProblems(loadFixture('bad/unknown-key.json'));
		expect(places(problems)).toEqual([[5, 27, 'steps[1].retries']]);
	});

	it('says an empty file needs name and steps', () => {
		expect(expectProblems(loadFixture('bad/empty.yml'))).toEqual([
			{file: join(BAD, 'empty.yml'), message: 'the plan file is empty: it needs at least name: and steps:'},
		]);
	});

	it('rejects a top level that is not a map', () => {
		const problems = expectProblems(parseText('- playbook: a.yml\n'));
		expect(problems[0]?.message).toBe('a plan must be a map with name: and steps:, got a list');
	});

	it('reports missing name and missing steps together', () => {
		const problems = expectProblems(parseText('cwd: /x\n'));
		expect(problems.map(problem => problem.key)).toEqual(['name', 'steps']);
		expect(problems.map(problem => problem.line)).toEqual([1, 1]);
	});

	it('rejects an empty steps list, an empty command and a command that is not a list', () => {
		expect(places(expectProblems(parseText('name: x\nsteps: []\n')))).toEqual([[2, 8, 'steps']]);
		expect(messageFor(expectProblems(parseText('name: x\ncommand: []\nsteps: [{run: [a]}]\n')), 'command')).toMatch(/empty list/);
		expect(messageFor(expectProblems(parseText('name: x\ncommand: {a: 1}\nsteps: [{run: [a]}]\n')), 'command')).toMatch(/got a map/);
	});

	it('points at the key when a value is empty', () => {
		const problems = expectProblems(parseText('name: x\nsteps:\n  - playbook:\n'));
		expect(places(problems)).toEqual([[3, 5, 'steps[0].playbook']]);
		expect(problems[0]?.message).toBe('must be a playbook path, got nothing');
	});

	it('rejects a step that is a bare string, suggesting playbook:', () => {
		const problems = expectProblems(parseText('name: x\nsteps:\n  - setup-hosts.yml\n'));
		expect(problems[0]).toMatchObject({line: 3, column: 5, key: 'steps[0]'});
		expect(problems[0]?.message).toMatch(/write "- playbook: setup-hosts\.yml"/);
	});

	it('rejects numbers and booleans in run and command lists, telling to quote them', () => {
		const problems = expectProblems(parseText('name: x\ncommand: [ansible-playbook, true]\nsteps:\n  - run: [sleep, 5]\n'));
		expect(places(problems)).toEqual([
			[2, 29, 'command[1]'],
			[4, 18, 'steps[0].run[1]'],
		]);
		expect(problems[0]?.message).toMatch(/the boolean true: quote it \("true"\)/);
		expect(problems[1]?.message).toMatch(/the number 5: quote it \("5"\)/);
	});

	it('accepts quoted numbers in args', () => {
		const plan = expectPlan(parseText('name: x\nsteps:\n  - playbook: a.yml\n    args: [--forks, "10"]\n'));
		expect(plan.steps[0]?.argv.slice(-2)).toEqual(['--forks', '10']);
	});

	it('stringifies numbers and booleans in env as written, and rejects empty env values and bad names', () => {
		const plan = expectPlan(parseText('name: x\nenv: {A: 1.0, B: 0x1f, C: true, D: ""}\nsteps: [{run: [a]}]\n'));
		expect(plan.env).toEqual({A: '1.0', B: '0x1f', C: 'true', D: ''});

		const problems = expectProblems(parseText('name: x\nenv:\n  EMPTY:\n  1BAD: x\nsteps: [{run: [a]}]\n'));
		expect(places(problems)).toEqual([
			[3, 3, 'env.EMPTY'],
			[4, 3, 'env'],
		]);
		expect(problems[0]?.message).toMatch(/write EMPTY: "" for an empty value/);
		expect(problems[1]?.message).toMatch(/not a valid environment variable name/);
	});

	it('rejects an unknown markers_style but accepts name and md5', () => {
		expect(places(expectProblems(parseText('name: x\nmarkers_style: sha1\nsteps: [{run: [a]}]\n')))).toEqual([[2, 16, 'markers_style']]);
		expect(parseText('name: x\nmarkers_style: name\nsteps: [{run: [a]}]\n').ok).toBe(true);
	});

	it('follows YAML aliases', () => {
		const plan = expectPlan(parseText('name: x\nsteps:\n  - playbook: a.yml\n    args: &lim [--limit, web]\n  - playbook: b.yml\n    args: *lim\n'));
		expect(plan.steps[1]?.argv.slice(-2)).toEqual(['--limit', 'web']);
	});
});

describe('step ids', () => {
	it('defaults to the playbook file name without extension, or the basename of the run program', () => {
		const plan = expectPlan(parseText('name: x\nsteps:\n  - playbook: sub/Setup Hosts.yaml\n  - run: [/usr/bin/Env, A=1]\n'));
		expect(plan.steps.map(step => step.id)).toEqual(['setup-hosts', 'env']);
	});

	it('suffixes -2, -3 on default ids that collide, and never takes an explicit id written later', () => {
		const text = 'name: x\nsteps:\n  - playbook: a.yml\n  - playbook: a.yml\n    args: [-v]\n  - playbook: dir/a.yml\n  - {id: a-2, run: [x]}\n';
		const plan = expectPlan(parseText(text));
		expect(plan.steps.map(step => step.id)).toEqual(['a', 'a-3', 'a-4', 'a-2']);
	});

	it('reports a duplicate explicit id at the second one', () => {
		const problems = expectProblems(parseText('name: x\nsteps:\n  - {id: up, run: [a]}\n  - {id: up, run: [b]}\n'));
		expect(places(problems)).toEqual([[4, 10, 'steps[1].id']]);
	});

	it('defaults the name to the playbook name plus its args, and the run argv joined', () => {
		const plan = expectPlan(parseText("name: x\nsteps:\n  - playbook: setup-hosts.yml\n    args: [--limit, '!galera_all']\n  - run: [scripts/x.sh, -v]\n"));
		expect(plan.steps.map(step => step.name)).toEqual(['setup-hosts --limit !galera_all', 'scripts/x.sh -v']);
	});
});
