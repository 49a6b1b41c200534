#!/usr/bin/env node
import './threadpool.js';
import 'reflect-metadata';
import { buildProgram } from './program.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { runProgram } from './run.js';

exitQuietlyOnClosedPipe();
await runProgram(buildProgram(), process.argv);
