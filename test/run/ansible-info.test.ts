// The run state's ansible-core per step: preflight's finding for steps still to run, the
// attempt's hello once it reports one.
import {describe, expect, it} from 'vitest';
import type {AnsibleInfo} from '../../source/ansible/version.js';
import type {Plan, PlanStep} from '../../source/plan/types.js';
import {seenAnsible, seenAnsibleWarning, withPreflightAnsible} from '../../source/run/ansible-info.js';
import {newRunState, updateStep} from '../../source/run/machine.js';
import type {RunState, StepStatus} from '../../source/run/types.js';

function step(id: string): PlanStep {
	return {id, name: id, kind: 'playbook', playbook: `/p/${id}.yml`, argv: ['ansible-playbook', `/p/${id}.yml`], cwd: '/p', env: {}, pause: 'task', hash: id};
}

function state(statuses: StepStatus[]): RunState {
	const plan: Plan = {name: 'x', path: '/p/plan.yml', cwd: '/p', command: ['ansible-playbook'], env: {}, steps: statuses.map((_, i) => step(`s${i}`)), hash: 'h'};
	return statuses.reduce((s, status, i) => updateStep(s, i, {status}), newRunState(plan));
}

const preflight: AnsibleInfo = {version: '2.19.11', source: 'command', program: '/usr/bin/ansible-playbook'};
const ran: AnsibleInfo = {version: '2.14.18', source: 'events', program: null};

describe('withPreflightAnsible', () => {
	it('gives the finding to the steps that will run and to the run; finished steps keep what they ran with', () => {
		let s = state(['done', 'skipped', 'failed', 'paused', 'pending']);
		s = updateStep(s, 0, {ansible: ran});
		s = updateStep(s, 3, {ansible: ran});
		const after = withPreflightAnsible(s, {run: preflight, steps: [preflight, preflight, preflight, preflight, null]});
		expect(after.run.ansible).toEqual(preflight);
		expect(after.steps.map((x) => x.ansible)).toEqual([ran, undefined, preflight, preflight, null]);
	});

	it('a step still running from an earlier driver keeps what its attempt reported', () => {
		const s = updateStep(state(['running', 'running']), 0, {ansible: ran});
		expect(withPreflightAnsible(s, {run: preflight, steps: [preflight, preflight]}).steps.map((x) => x.ansible)).toEqual([ran, preflight]);
	});
});

describe('seenAnsible', () => {
	it('the hello version replaces the preflight guess, once', () => {
		const s = updateStep(state(['running']), 0, {ansible: preflight}).steps[0]!;
		expect(seenAnsible(s, '2.14.18')).toEqual({ansible: ran});
		expect(seenAnsible({...s, ansible: ran}, '2.14.18')).toBe(null);
		expect(seenAnsible({...s, ansible: ran}, '2.16.0')).toEqual({ansible: {version: '2.16.0', source: 'events', program: null}});
	});

	it('a hello without a readable version keeps the guess', () => {
		const s = state(['running']).steps[0]!;
		expect(seenAnsible(s, null)).toBe(null);
		expect(seenAnsible(s, 'unknown')).toBe(null);
	});
});

describe('seenAnsibleWarning', () => {
	it('warns of an untested release preflight did not announce, and of nothing else', () => {
		expect(seenAnsibleWarning('setup', preflight, '2.23.0')).toBe(
			'warning: step setup: ansible-core 2.23.0 is newer than the tested releases (2.14 to 2.22) (preflight found 2.19.11); the run goes on',
		);
		expect(seenAnsibleWarning('setup', null, '2.13.0')).toMatch(/^warning: step setup: ansible-core 2\.13\.0 is older/);
		expect(seenAnsibleWarning('setup', {...preflight, version: '2.23.0'}, '2.23.0')).toBe(null);
		expect(seenAnsibleWarning('setup', preflight, '2.20.1')).toBe(null);
	});
});
