// Which ansible-core each step runs, in the run state: preflight's finding for the steps still to
// run, replaced by the version the callback plugin reports (hello) once an attempt starts. Pure.
import {untestedWords, versionParts, type AnsibleInfo} from '../ansible/version.js';
import type {RunState, StepState} from './types.js';

/**
 * Records a preflight's finding (by plan step index; the state's steps are in plan order). Steps
 * that will run get it; finished ones keep what they ran with, a running one what it reported.
 */
export function withPreflightAnsible(state: RunState, found: {run: AnsibleInfo | null; steps: Array<AnsibleInfo | null>}): RunState {
	const steps = state.steps.map((s, i): StepState => {
		if (s.status === 'done' || s.status === 'skipped') return s;
		if (s.status === 'running' && s.ansible) return s;
		return {...s, ansible: found.steps[i] ?? null};
	});
	return {...state, run: {...state.run, ansible: found.run}, steps};
}

/** The patch for a step whose attempt reported `version` in its hello; null when nothing changes. */
export function seenAnsible(step: StepState, version: string | null): {ansible: AnsibleInfo & {version: string}} | null {
	// A plugin that could not read ansible's release says "unknown": keep the preflight guess then.
	if (version === null || versionParts(version) === null) return null;
	if (step.ansible?.source === 'events' && step.ansible.version === version) return null;
	return {ansible: {version, source: 'events', program: null}};
}

/** A warning when a step ran an untested release preflight did not already warn of. */
export function seenAnsibleWarning(stepId: string, before: AnsibleInfo | null | undefined, version: string): string | null {
	const words = untestedWords(version);
	if (words === null || before?.version === version) return null;
	return `warning: step ${stepId}: ${words}${before?.version ? ` (preflight found ${before.version})` : ''}; the run goes on`;
}
