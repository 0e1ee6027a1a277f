// Entry point for the Pulumi CLI: the stack's outputs are whatever runStack returns.
import { runStack } from "./stacks/program";

export = () => runStack();
