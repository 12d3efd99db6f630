// Licensed under the MIT License. See LICENSE in the repository root.

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
