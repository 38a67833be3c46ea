import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {fileURLToPath} from 'node:url';
import {listBuiltinPlans} from '../../source/plan/builtin.js';
import {builtinPlansDir} from '../../source/package/files.js';
import {loadPlan} from '../../source/plan/load.js';
import {BUILTIN, GOOD, PLANS, expectPlan, expectProblems, loadFixture, parseText} from './helpers.js';

describe('loadPlan defaults', () => {
	it('fills cwd, command, ids, names and pause from a minimal plan', () => {
		const plan = expectPlan(loadFixture('good/minimal.yml'));
		expect(plan.name).toBe('Minimal');
		expect(plan.path).toBe(join(GOOD, 'minimal.yml'));
		expect(plan.cwd).toBe(GOOD);
		expect(plan.command).toEqual(['ansible-playbook']);
		expect(plan.inventory).toBeUndefined();
		expect(plan.builtin).toBeUndefined();
		expect(plan.env).toEqual({});
		expect(plan.steps).toEqual([
			{
				id: 'hello',
				name: 'hello',
				kind: 'playbook',
				playbook: join(GOOD, 'playbooks/hello.yml'),
				// The playbook is passed as the plan writes it; it is known by its absolute path.
				playbookAt: 1,
				argv: ['ansible-playbook', 'playbooks/hello.yml'],
				cwd: GOOD,
				env: {},
				pause: 'task',
				hash: expect.stringMatching(/^[0-9a-f]{16}$/),
				line: 4,
			},
		]);
	});

	it('resolves every key of a full plan: relative cwd, inventory, argv, merged env, explicit id and name', () => {
		const plan = expectPlan(loadFixture('good/full.yml'));
		const cwd = join(GOOD, 'playbooks');
		const inventory = join(GOOD, 'inventory.ini');
		expect(plan.cwd).toBe(cwd);
		expect(plan.inventory).toBe(inventory);
		expect(plan.command).toEqual(['ansible-playbook', '--diff']);
		expect(plan.env).toEqual({ANSIBLE_FORKS: '10', ANSIBLE_HOST_KEY_CHECKING: 'false', DEPLOY_DIR: '/opt/deploy'});
		expect(plan.markers).toBeUndefined();

		const [bootstrap, hosts, galera, hello] = plan.steps;
		expect(bootstrap).toMatchObject({
			id: 'bootstrap.sh',
			name: 'scripts/bootstrap.sh --quiet',
			kind: 'command',
			argv: ['scripts/bootstrap.sh', '--quiet'],
			cwd,
			line: 11,
		});
		expect(bootstrap?.playbook).toBeUndefined();
		expect(hosts).toMatchObject({
			id: 'setup-hosts',
			name: 'setup-hosts --limit !galera_all',
			playbook: join(cwd, 'setup-hosts.yml'),
			argv: ['ansible-playbook', '--diff', '-i', inventory, 'setup-hosts.yml', '--limit', '!galera_all'],
			pause: 'task',
			line: 12,
		});
		expect(galera).toMatchObject({id: 'setup-hosts-2', name: 'setup-hosts --limit galera_all', pause: 'play', line: 14});
		expect(hello).toMatchObject({
			id: 'say-hello',
			name: 'Say hello to everyone',
			pause: 'step',
			env: {ANSIBLE_FORKS: '2', ANSIBLE_HOST_KEY_CHECKING: 'false', DEPLOY_DIR: '/opt/deploy', EXTRA: 'yes'},
			line: 17,
		});
	});

	it('reads a JSON plan with the same parser, and passes an inline inventory (with a comma) as is', () => {
		const plan = expectPlan(loadFixture('good/plan.json'));
		expect(plan.name).toBe('JSON plan');
		expect(plan.inventory).toBe('localhost,');
		expect(plan.steps.map(step => [step.id, step.argv, step.line])).toEqual([
			['hello', ['ansible-playbook', '-i', 'localhost,', 'playbooks/hello.yml', '-e', 'x=1'], 5],
			['noop', ['true'], 6],
		]);
	});

	it('resolves a relative plan path against opts.cwd', () => {
		const plan = expectPlan(loadPlan('minimal.yml', {env: {}, cwd: GOOD}));
		expect(plan.path).toBe(join(GOOD, 'minimal.yml'));
	});

	it('leaves a run step argv[0] as written and an absolute cwd as is', () => {
		const plan = expectPlan(parseText('name: x\ncwd: /srv/osa\nsteps:\n  - run: [./bin/tool, a]\n  - playbook: /abs/p.yml\n'));
		expect(plan.cwd).toBe('/srv/osa');
		expect(plan.steps[0]?.argv).toEqual(['./bin/tool', 'a']);
		expect(plan.steps[0]?.id).toBe('tool');
		expect(plan.steps[1]?.playbook).toBe('/abs/p.yml');
	});

	it('accepts markers and markers_style and resolves markers against the plan folder, without warnings', () => {
		const result = parseText('name: x\nmarkers: markers/dir\nmarkers_style: md5\nsteps:\n  - playbook: a.yml\n');
		const plan = expectPlan(result);
		expect(plan.markers).toBe('/plans/test/markers/dir');
		expect(plan.markersStyle).toBe('md5');
		expect(plan.steps[0]?.marker?.path).toMatch(/^\/plans\/test\/markers\/dir\/[0-9a-f]{32}\.complete$/);
		expect(result.ok && result.warnings).toEqual([]);
	});

	it('has no warnings for a clean plan', () => {
		const result = loadFixture('good/full.yml');
		expect(result.ok && result.warnings).toEqual([]);
	});
});

describe('built-in plans', () => {
	it('loads a built-in plan by name and marks it as built-in', () => {
		const plan = expectPlan(loadPlan('alpha', {env: {}, cwd: '/', builtinDir: BUILTIN}));
		expect(plan.builtin).toBe('alpha');
		expect(plan.name).toBe('Alpha: the first');
		expect(plan.path).toBe(join(BUILTIN, 'alpha/plan.yml'));
		expect(plan.steps[0]?.playbook).toBe(join(BUILTIN, 'alpha/hello.yml'));
	});

	it('prefers an existing file over a built-in plan of the same name', () => {
		const plan = expectPlan(loadPlan('alpha/plan.yml', {env: {}, cwd: BUILTIN, builtinDir: join(PLANS, 'nowhere')}));
		expect(plan.builtin).toBeUndefined();
	});

	it('names the missing ref and lists the built-in plans when neither a file nor a built-in matches', () => {
		const problems = expectProblems(loadPlan('gamma', {env: {}, cwd: PLANS, builtinDir: BUILTIN}));
		expect(problems).toEqual([{file: 'gamma', message: 'no plan file or built-in plan named gamma; built-in plans: alpha, beta'}]);
	});

	it('lists built-in plans with titles read from their name: line, skipping folders without plan.yml', () => {
		expect(listBuiltinPlans(BUILTIN)).toEqual([
			{name: 'alpha', title: 'Alpha: the first', path: join(BUILTIN, 'alpha/plan.yml')},
			{name: 'beta', title: 'Beta plan', path: join(BUILTIN, 'beta/plan.yml')},
		]);
	});

	it('finds the package plans/ folder two levels up from the module (the repository root here)', () => {
		expect(builtinPlansDir()).toBe(fileURLToPath(new URL('../../plans', import.meta.url)));
		for (const plan of listBuiltinPlans()) expect(plan.path).toBe(join(builtinPlansDir(), plan.name, 'plan.yml'));
	});
});

describe('bad input never throws', () => {
	it('reports a directory given as the plan like any missing plan', () => {
		const problems = expectProblems(loadPlan('good', {env: {}, cwd: PLANS, builtinDir: BUILTIN}));
		expect(problems[0]?.message).toMatch(/^no plan file or built-in plan named good; built-in plans: alpha, beta$/);
	});

	it('turns every odd document into problems', () => {
		const documents = [
			'null',
			'[]',
			'"just a string"',
			'name: [a]\nsteps: {a: 1}',
			'name: x\nsteps: [null, [], 3, {}]',
			'? [a]\n: b\nname: x\nsteps: [{run: [a]}]',
			'name: x\nenv: [a]\nsteps: [{run: [a], env: 3, id: 5, name: {}}]',
			'name: x\nsteps: [{run: [a, null, {b: 1}], args: 5, pause: [play]}]',
			'name: x\nsteps:\n  - &s {run: [a]}\n  - *s\n  - *undefined',
			'name: x\n---\nname: y',
			'\u0000\u0001binary',
			'name: !!binary aGVsbG8=\nsteps: [{run: [a]}]',
		];
		for (const text of documents) {
			const result = parseText(text);
			expect(result.ok, text).toBe(false);
			if (!result.ok) expect(result.problems.length, text).toBeGreaterThan(0);
		}
	});
});
