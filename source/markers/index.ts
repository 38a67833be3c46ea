// run-upgrade.sh marker compatibility: the pure naming rules, a step's marker, and the file effects.
export {echoUnquoted, markerFile, md5MarkerName, nameMarkerName, type MarkerStyle} from './run-lock.js';
export {sharedDerivedMarkers, stepMarker, withWriters, type StepMarker} from './step.js';
export {markerExists, removeMarkers, writeMarker} from './files.js';
