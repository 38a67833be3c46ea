// Which steps run a playbook and which a `run:` command, for states written before steps
// recorded their kind: read from the plan file the state names and matched by step hash; a step
// whose hash differs here (the plan edited since, or interpolated otherwise) stays unknown.
import {dirname} from 'node:path';
import {loadPlan} from '../plan/load.js';
import type {RunState} from '../run/types.js';
import type {StepKind} from './view-types.js';

export function planStepKinds(plan: RunState['plan'], env: Record<string, string | undefined>): Record<string, StepKind> {
	try {
		const loaded = loadPlan(plan.path, {env, cwd: dirname(plan.path)});
		if (!loaded.ok) return {};
		return Object.fromEntries(loaded.plan.steps.map((s) => [s.hash, s.kind]));
	} catch {
		// Unknown kinds only cost the viewer its "command step" wording.
		return {};
	}
}
