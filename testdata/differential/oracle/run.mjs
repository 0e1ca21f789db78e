// The oracle of the differential test (internal/differential): evaluates
// every world of every case with @cloud-copilot/iam-simulate, installed
// outside the repository (scripts/differential-oracle.sh). It is a
// test-time tool only: nothing of it is vendored or linked into the tool.
//
// usage: node run.mjs ORACLE_DIR CASES.json RESULTS.json
// CASES.json: [{name, action, identity: [{name, policy}], boundary?: [...],
//               resource?: policy, worlds: [{label, principal, resource, account, context}]}]
// RESULTS.json: [{name, results: ["Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "error: ..."],
//                 ignored: [context keys iam-simulate dropped as not applicable]}]
import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [oracleDir, casesFile, resultsFile] = process.argv.slice(2)
const require = createRequire(join(oracleDir, 'package.json'))
const { runSimulation } = require('@cloud-copilot/iam-simulate')
// iam-simulate validates every policy of every simulation; a case's
// policies are validated once, with the same functions, and reused for
// each of its worlds.
const { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } = require('@cloud-copilot/iam-policy')
const validated = (policies, fn) =>
  policies?.map((p) => ({ name: p.name, policy: createValidatedPolicy(p.policy, fn, { name: p.name }) }))

const cases = JSON.parse(readFileSync(casesFile, 'utf8'))
const out = []
for (const c of cases) {
  const results = []
  const ignored = new Set()
  const identity = validated(c.identity, validateIdentityPolicy)
  const boundary = validated(c.boundary, validateIdentityPolicy)
  const resource = c.resource ? createValidatedPolicy(c.resource, validateResourcePolicy) : undefined
  for (const w of c.worlds) {
    const simulation = {
      request: {
        principal: w.principal,
        action: c.action,
        resource: { resource: w.resource, accountId: w.account },
        contextVariables: w.context
      },
      identityPolicies: identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resource ? { resourcePolicy: resource } : {}),
      ...(boundary ? { permissionBoundaryPolicies: boundary } : {})
    }
    const r = await runSimulation(simulation, { simulationMode: 'Strict' })
    if (r.resultType === 'error') {
      results.push('error: ' + JSON.stringify(r.errors))
      continue
    }
    if (r.resultType !== 'single') {
      results.push('error: unexpected result type ' + r.resultType)
      continue
    }
    for (const k of r.result.ignoredContextKeys ?? []) ignored.add(k)
    results.push(r.overallResult)
  }
  out.push({ name: c.name, results, ignored: [...ignored].sort() })
}
writeFileSync(resultsFile, JSON.stringify(out))
