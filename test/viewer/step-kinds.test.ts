// A step's kind (playbook or `run:` command): recorded in the state; for states written before
// it was, the viewer reads it from the plan file the state names.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {loadPlan} from '../../source/plan/load.js';
import {newRunState} from '../../source/run/machine.js';
import {StateStore} from '../../source/run/store.js';
import {RunDirSource} from '../../source/viewer/run-dir-source.js';
import {planStepKinds} from '../../source/viewer/step-kinds.js';

const sources: RunDirSource[] = [];
afterEach(() => {
	for (const s of sources.splice(0)) s.close();
});

function planFile(): string {
	const dir = mkdtempSync(join(tmpdir(), 'ad-kinds-'));
	const file = join(dir, 'upgrade.yml');
	writeFileSync(file, 'name: Kinds\nsteps:\n  - run: [./bootstrap-ansible.sh]\n  - playbook: setup-hosts.yml\n');
	return file;
}

function watch(dir: string): RunDirSource {
	const source = new RunDirSource({dir, pollMs: 20, startSupervisor: () => ({ok: true, message: 'started'})});
	sources.push(source);
	return source;
}

it('reads the kinds from the plan file by step hash, and none from a plan it cannot read', () => {
	const file = planFile();
	const loaded = loadPlan(file, {env: process.env, cwd: '/'});
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
	const [command, playbook] = loaded.plan.steps;
	expect(planStepKinds({name: 'Kinds', path: file, hash: loaded.plan.hash, builtin: null}, process.env)).toEqual({[command!.hash]: 'command', [playbook!.hash]: 'playbook'});
	expect(planStepKinds({name: 'Gone', path: join(tmpdir(), 'no-such-plan.yml'), hash: 'x', builtin: null}, process.env)).toEqual({});
});

it("a live run directory's steps carry their kind", () => {
	const file = planFile();
	const loaded = loadPlan(file, {env: process.env, cwd: '/'});
	if (!loaded.ok) throw new Error('plan');
	const dir = mkdtempSync(join(tmpdir(), 'ad-kinds-run-'));
	new StateStore(dir).write(newRunState(loaded.plan));
	expect(watch(dir).snapshot().run.steps.map((s) => s.kind)).toEqual(['command', 'playbook']);
});

it('takes the kind the state records, without reading the plan; an older state without it falls back to the plan', () => {
	const file = planFile();
	const loaded = loadPlan(file, {env: process.env, cwd: '/'});
	if (!loaded.ok) throw new Error('plan');
	const state = newRunState(loaded.plan);
	expect(state.steps.map((s) => s.kind)).toEqual(['command', 'playbook']);
	const dir = mkdtempSync(join(tmpdir(), 'ad-kinds-state-'));
	new StateStore(dir).write({...state, plan: {...state.plan, path: join(tmpdir(), 'moved-away.yml')}});
	let planReads = 0;
	const source = new RunDirSource({dir, pollMs: 20, startSupervisor: () => ({ok: true, message: ''}), stepKinds: () => (planReads++, {})});
	sources.push(source);
	expect(source.snapshot().run.steps.map((s) => s.kind)).toEqual(['command', 'playbook']);
	expect(planReads).toBe(0);
	// An older state: no kinds recorded, so the plan is asked.
	const old = mkdtempSync(join(tmpdir(), 'ad-kinds-old-'));
	new StateStore(old).write({...state, steps: state.steps.map(({kind: _kind, ...rest}) => rest)});
	const oldSource = new RunDirSource({dir: old, pollMs: 20, startSupervisor: () => ({ok: true, message: ''}), stepKinds: () => (planReads++, {})});
	sources.push(oldSource);
	oldSource.snapshot();
	expect(planReads).toBeGreaterThan(0);
});
