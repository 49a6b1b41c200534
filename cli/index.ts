#!/usr/bin/env node
import 'reflect-metadata';
import { buildProgram } from './program.js';
import { runProgram } from './run.js';

await runProgram(buildProgram(), process.argv);
