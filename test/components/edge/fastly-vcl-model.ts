/*
 * A model of the VCL Fastly generates for a service, and a small interpreter for the subset of VCL the kit
 * writes, so a spec can follow a request through vcl_recv and into vcl_miss/vcl_pass.
 *
 * What the model encodes about Fastly (documentation, "About VCL snippets" and "Using VCL snippets"):
 * regular snippets of a subroutine's type are placed at the top of that subroutine, before the code Fastly
 * generates for the service's objects (the `#FASTLY <sub>` macro: request settings such as force TLS,
 * conditions, backend and shield selection); vcl_recv ends with `return(lookup)`, vcl_miss with
 * `return(fetch)`, vcl_pass with `return(pass)`. Force TLS is generated as
 * `if (!req.http.Fastly-SSL) { error 801 "Force SSL"; }`.
 */

export interface ServiceModel {
  readonly snippets: readonly { type: string; priority?: number; content: string }[];
  readonly requestSettings: readonly {
    forceSsl?: boolean;
    action?: string;
    requestCondition?: string;
  }[];
  readonly conditions: readonly { name: string; type: string; statement: string }[];
}

/** The full text of one subroutine as Fastly would generate it for the service. */
export function renderSub(service: ServiceModel, sub: "recv" | "miss" | "pass"): string {
  const snippets = service.snippets
    .filter((s) => s.type === sub)
    .sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100))
    .map((s) => s.content);
  const generated: string[] = [];
  if (sub === "recv") {
    if (service.requestSettings.some((r) => r.forceSsl)) {
      generated.push("if (!req.http.Fastly-SSL) {", '  error 801 "Force SSL";', "}");
    }
    generated.push("set req.backend = F_alb;");
    for (const setting of service.requestSettings.filter((r) => r.action)) {
      const condition = service.conditions.find((c) => c.name === setting.requestCondition);
      generated.push(
        `if (${condition ? condition.statement : "true"}) {`,
        `  return(${setting.action});`,
        "}",
      );
    }
  }
  const end = { recv: "return(lookup);", miss: "return(fetch);", pass: "return(pass);" }[sub];
  return [...snippets, `#FASTLY ${sub}`, ...generated, end].join("\n");
}

export interface Request {
  path: string;
  clientIp: string;
  /** Arrived from another POP of this service (a shield's view of an edge's request). */
  viaShield?: boolean;
  tls: boolean;
  headers: Record<string, string>;
  bereq: Record<string, string>;
  backend?: string;
}

/** Runs a subroutine over the request; returns the action it ends with (`pass`, `error 801`, ...). */
export function run(text: string, req: Request): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  // A stack of frames: whether this block runs, and whether a branch of its if-chain has run.
  const stack: { active: boolean; taken: boolean }[] = [];
  const active = () => stack.every((f) => f.active);
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^if \((.*)\) \{$/))) {
      const go = active() && evaluate(m[1], req);
      stack.push({ active: go, taken: go });
    } else if ((m = line.match(/^\} elsif \((.*)\) \{$/))) {
      const frame = stack[stack.length - 1];
      const outer = stack.slice(0, -1).every((f) => f.active);
      frame.active = outer && !frame.taken && evaluate(m[1], req);
      frame.taken ||= frame.active;
    } else if (line === "} else {") {
      const frame = stack[stack.length - 1];
      frame.active = stack.slice(0, -1).every((f) => f.active) && !frame.taken;
      frame.taken = true;
    } else if (line === "}") {
      stack.pop();
    } else if (!active()) {
      continue;
    } else if ((m = line.match(/^set (req|bereq)\.http\.([\w-]+) = "(.*)";$/))) {
      (m[1] === "req" ? req.headers : req.bereq)[m[2]] = m[3];
    } else if ((m = line.match(/^set req\.http\.([\w-]+) = client\.ip;$/))) {
      req.headers[m[1]] = req.clientIp;
    } else if ((m = line.match(/^unset req\.http\.([\w-]+);$/))) {
      delete req.headers[m[1]];
    } else if ((m = line.match(/^set req\.backend = (\w+);$/))) {
      req.backend = m[1];
    } else if ((m = line.match(/^return\((\w+)\);$/))) {
      return m[1];
    } else if ((m = line.match(/^error (\d+) /))) {
      return `error ${m[1]}`;
    } else {
      throw new Error(`the model does not know this VCL: ${line}`);
    }
  }
  throw new Error("the subroutine ended without a return");
}

function evaluate(condition: string, req: Request): boolean {
  let m: RegExpMatchArray | null;
  if (condition === "!req.http.Fastly-SSL") return !req.tls;
  if (condition === "true") return true;
  // At the edge, on the first pass: the request has not been through this service yet.
  if (condition === "fastly.ff.visits_this_service == 0 && req.restarts == 0") return !req.viaShield;
  if ((m = condition.match(/^req\.url\.path ~ "(.*)"$/))) return new RegExp(m[1]).test(req.path);
  if ((m = condition.match(/^req\.http\.([\w-]+) == "(.*)"$/))) return req.headers[m[1]] === m[2];
  throw new Error(`the model does not know this condition: ${condition}`);
}
