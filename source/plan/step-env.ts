// A step's environment over the operator's: the plan's and the step's `env:` set, and their
// `NAME: null` entries removed (run-upgrade.sh's `unset ANSIBLE_INVENTORY`). Pure.
import type {PlanStep} from './types.js';

export function withStepEnv<V extends string | undefined>(base: Record<string, V>, step: Pick<PlanStep, 'env' | 'unsetEnv'>): Record<string, V | string> {
	const merged: Record<string, V | string> = {...base, ...step.env};
	for (const name of step.unsetEnv ?? []) delete merged[name];
	return merged;
}
