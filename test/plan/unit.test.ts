// Units (run-upgrade.sh's `A && B || C`) and `creates:` in the plan format: read, checked, built.
import {describe, expect, it} from 'vitest';
import {md5MarkerName} from '../../source/markers/run-lock.js';
import {handOverLines} from '../../source/plan/handover.js';
import {expectPlan, expectProblems, parseText} from './helpers.js';

const unitPlan = (unit: string, top = 'markers: /m\nmarkers_style: md5\ncommand: [openstack-ansible]\n') =>
	`name: Units\ncwd: /pb\n${top}steps:\n  - playbook: before.yml\n${unit}  - playbook: after.yml\n`;

const chain = `  - unit: setup-hosts
    steps:
      - playbook: setup-hosts.yml
        args: [--limit, '!galera_all']
      - playbook: setup-hosts.yml
        args: [--limit, galera_all]
    fallback:
      playbook: setup-hosts.yml
`;

describe('units', () => {
	it('flattens a unit into its steps, then its fallback, with default ids from the unit', () => {
		const plan = expectPlan(parseText(unitPlan(chain)));
		expect(plan.steps.map(s => [s.id, s.unit?.id ?? null, s.unit?.role ?? null])).toEqual([
			['before', null, null],
			['setup-hosts-1', 'setup-hosts', 'main'],
			['setup-hosts-2', 'setup-hosts', 'main'],
			['setup-hosts-fallback', 'setup-hosts', 'fallback'],
			['after', null, null],
		]);
		expect(plan.steps[3]!.argv).toEqual(['openstack-ansible', 'setup-hosts.yml']);
		expect(plan.steps[3]!.playbook).toBe('/pb/setup-hosts.yml');
	});

	it('gives the unit one marker, the item run-upgrade.sh would have, written by its last main step and by its fallback', () => {
		const plan = expectPlan(parseText(unitPlan(chain)));
		const item = "setup-hosts.yml --limit '!galera_all' && openstack-ansible setup-hosts.yml --limit galera_all || openstack-ansible setup-hosts.yml";
		const members = plan.steps.slice(1, 4);
		expect(members.map(s => s.marker?.path)).toEqual(Array(3).fill(`/m/${md5MarkerName(item)}`));
		expect(members.map(s => s.marker?.write)).toEqual([false, true, true]);
	});

	it('takes the unit\'s marker: as written, for every step of it', () => {
		const plan = expectPlan(parseText(unitPlan(chain.replace('  - unit: setup-hosts\n', '  - unit: setup-hosts\n    marker: "x && y || z"\n'))));
		expect(new Set(plan.steps.slice(1, 4).map(s => s.marker?.path))).toEqual(new Set([`/m/${md5MarkerName('x && y || z')}`]));
	});

	it('tells a fallback from a main step that runs the same thing (their hashes differ)', () => {
		const plan = expectPlan(parseText(unitPlan(`  - unit: u\n    steps:\n      - playbook: x.yml\n    fallback:\n      playbook: x.yml\n`)));
		expect(plan.steps[1]!.hash).not.toBe(plan.steps[2]!.hash);
		const outside = expectPlan(parseText(unitPlan('  - playbook: x.yml\n')));
		expect(outside.steps[1]!.hash).not.toBe(plan.steps[1]!.hash);
	});

	it('allows a unit without a fallback (steps that share one marker)', () => {
		const plan = expectPlan(parseText(unitPlan(`  - unit: pair\n    steps:\n      - playbook: a.yml\n      - playbook: b.yml\n`)));
		expect(plan.steps.slice(1, 3).map(s => [s.id, s.marker?.write])).toEqual([
			['pair-1', false],
			['pair-2', true],
		]);
	});

	it.each([
		['a unit inside a unit', `  - unit: outer\n    steps:\n      - unit: inner\n        steps:\n          - playbook: a.yml\n`, /a unit cannot hold another unit/],
		['a marker on a step of a unit', `  - unit: u\n    steps:\n      - playbook: a.yml\n        marker: a.yml\n`, /a step inside a unit has no marker: of its own/],
		['no steps', `  - unit: u\n    fallback:\n      playbook: a.yml\n`, /a unit needs steps:/],
		['an empty steps list', `  - unit: u\n    steps: []\n`, /must be a non-empty list of steps/],
		['a fallback list', `  - unit: u\n    steps:\n      - playbook: a.yml\n    fallback:\n      - playbook: b.yml\n`, /fallback: is one step/],
		['a bad unit id', `  - unit: Setup Hosts\n    steps:\n      - playbook: a.yml\n`, /unit id "Setup Hosts" must be lowercase.*unit: setup-hosts/],
		['an unknown key', `  - unit: u\n    step:\n      - playbook: a.yml\n`, /unknown key "step" in a unit: did you mean "steps"/],
	])('refuses %s, naming the line', (_what, unit, message) => {
		const problems = expectProblems(parseText(unitPlan(unit)));
		expect(problems.map(p => p.message).join('\n')).toMatch(message);
		expect(problems.every(p => p.line !== undefined && p.line >= 7)).toBe(true);
	});

	it('refuses a unit id that a step has, and two units with one id', () => {
		const taken = expectProblems(parseText(unitPlan(`  - unit: before\n    steps:\n      - playbook: a.yml\n`).replace('  - playbook: before.yml\n', '  - playbook: before.yml\n    id: before\n')));
		expect(taken.map(p => p.message).join('\n')).toMatch(/duplicate id "before"/);
		const twice = expectProblems(parseText(unitPlan(`  - unit: u\n    steps:\n      - playbook: a.yml\n  - unit: u\n    steps:\n      - playbook: b.yml\n`)));
		expect(twice.map(p => p.message).join('\n')).toMatch(/duplicate unit id "u"/);
	});

	it('keeps default step ids clear of unit ids', () => {
		const plan = expectPlan(parseText(unitPlan(`  - unit: before\n    steps:\n      - playbook: a.yml\n`, '')));
		expect(plan.steps.map(s => s.id)).toEqual(['before-2', 'before-1', 'after']);
	});

	it('says once, at the unit, that its marker needs markers:', () => {
		const problems = expectProblems(parseText(unitPlan(`  - unit: u\n    marker: x\n    steps:\n      - playbook: a.yml\n      - playbook: b.yml\n`, '')));
		expect(problems.filter(p => /needs markers:/.test(p.message)).map(p => [p.key, p.line])).toEqual([['steps[1].marker', 5]]);
	});
});

describe('creates:', () => {
	it('resolves the path against the plan folder and counts in the step hash', () => {
		const plan = expectPlan(parseText('name: C\nsteps:\n  - run: [tar, zcf, b.tgz, /etc/x]\n    creates: b.tgz\n'));
		expect(plan.steps[0]!.creates).toBe('/plans/test/b.tgz');
		const without = expectPlan(parseText('name: C\nsteps:\n  - run: [tar, zcf, b.tgz, /etc/x]\n'));
		expect(without.steps[0]!.hash).not.toBe(plan.steps[0]!.hash);
		expect(without.steps[0]!.creates).toBeUndefined();
	});

	it('expands ${VAR:-default} in it, and refuses a non-string', () => {
		const plan = expectPlan(parseText('name: C\nsteps:\n  - run: [x]\n    creates: "${BACKUP:-/openstack}/b.tgz"\n', {BACKUP: '/srv'}));
		expect(plan.steps[0]!.creates).toBe('/srv/b.tgz');
		const problems = expectProblems(parseText('name: C\nsteps:\n  - run: [x]\n    creates: [a]\n'));
		expect(problems[0]).toMatchObject({key: 'steps[0].creates', line: 4});
	});
});

describe('a unit handed over by hand', () => {
	it('is one line that runs as the unit runs, from its first step whichever of its steps failed', () => {
		const plan = expectPlan(parseText(unitPlan(chain)));
		const unit = "cd /pb && { openstack-ansible setup-hosts.yml --limit '!galera_all' && openstack-ansible setup-hosts.yml --limit galera_all || openstack-ansible setup-hosts.yml; }";
		expect(handOverLines(plan.steps, 1)).toEqual([unit, 'cd /pb && openstack-ansible after.yml']);
		// From its second step or its fallback: the whole unit again, as run-upgrade.sh lists its item.
		expect(handOverLines(plan.steps, 2)).toEqual(handOverLines(plan.steps, 1));
		expect(handOverLines(plan.steps, 3)).toEqual(handOverLines(plan.steps, 1));
		expect(handOverLines(plan.steps, 0)).toEqual(['cd /pb && openstack-ansible before.yml', unit, 'cd /pb && openstack-ansible after.yml']);
	});
});
