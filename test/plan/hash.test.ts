import {describe, expect, it} from 'vitest';
import {canonicalJson} from '../../source/plan/hash.js';
import {expectPlan, loadFixture, parseText} from './helpers.js';

const base = [
	'name: Hash test',
	'steps:',
	'  - playbook: one.yml',
	'    args: [--limit, web]',
	'  - playbook: two.yml',
	'  - run: [echo, three]',
	'',
].join('\n');

function hashes(text: string, env: Record<string, string> = {}): {plan: string; steps: string[]} {
	const plan = expectPlan(parseText(text, env));
	return {plan: plan.hash, steps: plan.steps.map(step => step.hash)};
}

describe('hashes', () => {
	it('are the same for the same plan, loaded twice', () => {
		expect(hashes(base)).toEqual(hashes(base));
		expect(expectPlan(loadFixture('good/full.yml')).hash).toBe(expectPlan(loadFixture('good/full.yml')).hash);
	});

	it('changing the args of one step changes that step hash and the plan hash, and no other step', () => {
		const before = hashes(base);
		const after = hashes(base.replace('[--limit, web]', '[--limit, db]'));
		expect(after.steps[0]).not.toBe(before.steps[0]);
		expect(after.steps.slice(1)).toEqual(before.steps.slice(1));
		expect(after.plan).not.toBe(before.plan);
	});

	it('do not change with a step id, name or pause mode, nor with comments and formatting', () => {
		const before = hashes(base);
		const edited = base.replace('  - playbook: two.yml', '  # a comment\n  - {playbook: two.yml, id: deux, name: Two, pause: step}');
		expect(hashes(edited)).toEqual(before);
	});

	it('change for a step when the env it runs with changes, plan-wide or its own', () => {
		const before = hashes(base);
		const planEnv = hashes(base.replace('steps:', 'env: {A: "1"}\nsteps:'));
		expect(planEnv.steps.every((hash, index) => hash !== before.steps[index])).toBe(true);
		const stepEnv = hashes(base.replace('  - playbook: two.yml', '  - playbook: two.yml\n    env: {A: "1"}'));
		expect(stepEnv.steps).toEqual([before.steps[0], expect.not.stringMatching(before.steps[1] ?? ''), before.steps[2]]);
	});

	it('change for playbook steps when the command changes, but not for run steps', () => {
		const before = hashes(base);
		const after = hashes(base.replace('steps:', 'command: [openstack-ansible]\nsteps:'));
		expect(after.steps[0]).not.toBe(before.steps[0]);
		expect(after.steps[1]).not.toBe(before.steps[1]);
		expect(after.steps[2]).toBe(before.steps[2]);
	});

	it('of the plan change with its name, inventory and cwd', () => {
		const before = hashes(base).plan;
		expect(hashes(base.replace('Hash test', 'Other')).plan).not.toBe(before);
		expect(hashes(base.replace('steps:', 'inventory: "a,b"\nsteps:')).plan).not.toBe(before);
		expect(hashes(base.replace('steps:', 'cwd: /elsewhere\nsteps:')).plan).not.toBe(before);
	});
});

describe('canonicalJson', () => {
	it('sorts keys at every level and drops undefined members', () => {
		expect(canonicalJson({b: 1, a: {d: [1, {z: 1, y: undefined}], c: 'x'}})).toBe('{"a":{"c":"x","d":[1,{"z":1}]},"b":1}');
	});
});
