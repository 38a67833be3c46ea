// The plan module's public API.
export type {PauseMode, Plan, PlanProblem, PlanResult, PlanStep, Requirement} from './types.js';
export {handOverArgv, handOverCommand, playbookArgument} from './handover.js';
export {loadPlan, locatePlan, parsePlan, type LoadOptions, type ParseOptions} from './load.js';
export {listBuiltinPlans, builtinPlanPath, type BuiltinPlan} from './builtin.js';
export {preflight, hasErrors} from './preflight.js';
export {formatProblems, describePlan, type PlanDescription, type FormatOptions} from './format.js';
export {interpolate, type Interpolated} from './interpolate.js';
export {which, type Lookup} from '../fs/which.js';
