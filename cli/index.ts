#!/usr/bin/env node
import './threadpool.js';
import 'reflect-metadata';
import { buildProgram } from './program.js';
import { runProgram } from './run.js';

await runProgram(buildProgram(), process.argv);
