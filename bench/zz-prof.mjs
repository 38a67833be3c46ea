import {framesBench} from '/work/main/bench/frames.js';
framesBench((name, value) => console.log(name, value.toFixed(1)), {p50Ms: 16, p95Ms: 16});
