// The run report says which ansible-core each step ran (its events) or will run (preflight).
import {describe, expect, it} from 'vitest';
import type {AnsibleInfo} from '../../source/ansible/version.js';
import type {Plan, PlanStep} from '../../source/plan/types.js';
import {reportJunit} from '../../source/report/junit.js';
import {reportMarkdown} from '../../source/report/markdown.js';
import {buildRunReport} from '../../source/report/model.js';
import {newRunState, updateStep} from '../../source/run/machine.js';
import type {RunState, StepStatus} from '../../source/run/types.js';
import {findAll, parseXml} from '../osa/helpers.js';

function step(id: string): PlanStep {
	return {id, name: id, kind: 'playbook', playbook: `/p/${id}.yml`, argv: ['ansible-playbook', `/p/${id}.yml`], cwd: '/p', env: {}, pause: 'task', hash: id};
}

const preflight: AnsibleInfo = {version: '2.19.11', source: 'command', program: '/usr/bin/ansible-playbook'};
const ran: AnsibleInfo = {version: '2.14.18', source: 'events', program: null};

function state(statuses: StepStatus[], ansible: Array<AnsibleInfo | null | undefined>): RunState {
	const plan: Plan = {name: 'x', path: '/p/plan.yml', cwd: '/p', command: ['ansible-playbook'], env: {}, steps: statuses.map((_, i) => step(`s${i + 1}`)), hash: 'h'};
	const s = statuses.reduce((acc, status, i) => updateStep(acc, i, ansible[i] === undefined ? {status} : {status, ansible: ansible[i]}), newRunState(plan));
	return {...s, run: {...s.run, ansible: preflight}};
}

const now = '2026-01-01T00:00:00.000Z';

describe('ansible-core in the report', () => {
	it('json model: per step with `tested`, the events version winning over the state, and the run-level preflight finding', () => {
		const r = buildRunReport(state(['done', 'done', 'pending', 'done'], [ran, undefined, preflight, preflight]), '/d', new Map(), now, new Map([['s2', '2.23.0'], ['s4', 'unknown']]));
		expect(r.run.ansible).toEqual({...preflight, tested: true});
		expect(r.steps.map((s) => s.ansible)).toEqual([
			{...ran, tested: true},
			{version: '2.23.0', source: 'events', program: null, tested: false},
			{...preflight, tested: true},
			// A hello that says "unknown" keeps the preflight finding.
			{...preflight, tested: true},
		]);
	});

	it('markdown: one line, steps grouped by what they ran or will run, untested releases said', () => {
		const r = buildRunReport(state(['done', 'done', 'done', 'pending', 'pending'], [ran, ran, {...ran, version: '2.23.0'}, preflight, null]), '/d', new Map(), now);
		expect(reportMarkdown(r)).toContain(
			'\n- ansible-core: 2.14.18 ran steps 1-2; 2.23.0 ran step 3 (outside the tested releases 2.14 to 2.22); 2.19.11 for step 4 (preflight: `/usr/bin/ansible-playbook --version`)\n',
		);
		const wrapped = buildRunReport(state(['pending'], [{version: '2.13.0', source: 'path', program: '/usr/bin/ansible-playbook'}]), '/d', new Map(), now);
		expect(reportMarkdown(wrapped)).toContain(
			"- ansible-core: 2.13.0 for step 1 (preflight: the ansible-playbook on PATH, `/usr/bin/ansible-playbook`; the step's command may run another; outside the tested releases 2.14 to 2.22)\n",
		);
		expect(reportMarkdown(buildRunReport(state(['pending'], [null]), '/d', new Map(), now))).toContain('\n- ansible-core: unknown\n');
	});

	it('junit: an ansible-core property (and its source) on each step that has one', () => {
		const xml = reportJunit(buildRunReport(state(['done', 'pending'], [ran, null]), '/d', new Map(), now));
		const suites = findAll(parseXml(xml), 'testsuite');
		const props = (i: number) => Object.fromEntries(findAll(suites[i]!, 'property').map((p) => [p.attrs['name'], p.attrs['value']]));
		expect(props(0)).toMatchObject({'ansible-core': '2.14.18', 'ansible-core-source': 'events'});
		expect(props(1)['ansible-core']).toBe(undefined);
	});
});
