// Which plan changes are a split step read again (taken without asking) and which are the
// operator's to accept: pure, on plans parsed from files whose imports change.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {parsePlan} from '../../source/plan/load.js';
import type {Plan} from '../../source/plan/types.js';
import {newRunState, updateStep} from '../../source/run/machine.js';
import {resplitOnly} from '../../source/run/resplit.js';

function setup() {
	const dir = mkdtempSync(join(tmpdir(), 'resplit-'));
	for (const name of ['first', 'x', 'y', 'z', 'last']) writeFileSync(join(dir, `${name}.yml`), `- hosts: all\n  tasks: []\n`);
	const imports = (names: string[]) => writeFileSync(join(dir, 'site.yml'), names.map((n) => `- import_playbook: ${n}.yml\n`).join(''));
	const plan = (lastArgs = '', name = 'P'): Plan => {
		const file = join(dir, 'plan.yml');
		const text = `name: ${name}\nsteps:\n  - playbook: first.yml\n  - playbook: site.yml\n    split: imports\n  - playbook: last.yml\n${lastArgs}`;
		const result = parsePlan(text, {file, env: {}});
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		return result.plan;
	};
	return {imports, plan};
}

it('parts of a split step, none started, read differently: taken, with the new parts', () => {
	const {imports, plan} = setup();
	imports(['x', 'y']);
	let state = newRunState(plan());
	state = updateStep(state, 0, {status: 'done', attempts: 1});
	imports(['x', 'y', 'z']);
	const resplit = resplitOnly(state, plan());
	expect(resplit?.groups).toEqual([{id: 'site', parts: ['site-x', 'site-y', 'site-z']}]);
	expect(resplit?.state.steps.map((s) => [s.id, s.status])).toEqual([
		['first', 'done'],
		['site-x', 'pending'],
		['site-y', 'pending'],
		['site-z', 'pending'],
		['last', 'pending'],
	]);
	// Now a playbook that is not imports only: the step runs whole.
	writeFileSync(join(setupDirOf(state), 'site.yml'), '- hosts: all\n  tasks: []\n');
	expect(resplitOnly(state, plan())?.groups).toEqual([{id: 'site', parts: ['site']}]);
});

it('not taken when a part has started, another step changed, or the plan settings changed', () => {
	const {imports, plan} = setup();
	imports(['x', 'y']);
	const state = newRunState(plan());
	imports(['x', 'z']);
	// A part that ran once is not replaced unasked.
	expect(resplitOnly(updateStep(state, 1, {status: 'failed', attempts: 1}), plan())).toBeNull();
	// Another step's change is the operator's to accept.
	expect(resplitOnly(state, plan('    args: [-v]\n'))).toBeNull();
	expect(resplitOnly(state, plan('', 'Renamed'))).toBeNull();
	// Unchanged split, changed other step: still the operator's.
	imports(['x', 'y']);
	expect(resplitOnly(state, plan('    args: [-v]\n'))).toBeNull();
	expect(resplitOnly(state, plan())?.groups).toEqual([]);
});

/** The folder of the plan a state was made from. */
function setupDirOf(state: ReturnType<typeof newRunState>): string {
	return state.plan.path.replace(/\/plan\.yml$/, '');
}
