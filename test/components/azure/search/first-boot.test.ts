import { expect } from "chai";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CA_KEY_FROM_SEED,
  OPENSEARCH_RELEASE,
  SearchBootParams,
  searchFirstBoot,
  subnetPlan,
  usableAddresses,
} from "../../../../components/azure/search/first-boot";
import { findBinaries, IN_CI, run, tempDir } from "../../../real/harness";

function params(nodeCount: number): SearchBootParams {
  return {
    clusterName: "acme-prod-search",
    release: OPENSEARCH_RELEASE,
    vaultUri: "https://acme-prod-kv.vault.azure.net/",
    identityClientId: "11111111-2222-3333-4444-555555555555",
    adminUserName: "storefront_admin",
    passwordSecretName: "acme-prod-search-admin-password",
    caSeedSecretName: "acme-prod-search-ca-seed",
    caCertificateSecretName: "acme-prod-search-ca-certificate",
    plan: subnetPlan("10.20.6.0/27", nodeCount),
    snapshot: {
      storageAccountName: "acmeprodsearchsnap1a2b3c",
      containerName: "snapshots",
      retentionDays: 14,
    },
  };
}

describe("components/azure/search/first-boot: the subnet plan", () => {
  it("leaves out Azure's five reserved addresses", () => {
    const all = usableAddresses("10.20.6.0/29");
    expect(all).to.deep.equal(["10.20.6.4", "10.20.6.5", "10.20.6.6"]);
    expect(usableAddresses("10.20.6.0/27")).to.have.length(32 - 5);
  });

  it("bootstraps from the first three addresses and puts the load balancer at the last", () => {
    const plan = subnetPlan("10.20.6.0/27", 3);
    expect(plan.initialManagers).to.deep.equal(["10.20.6.4", "10.20.6.5", "10.20.6.6"]);
    expect(plan.loadBalancerAddress).to.equal("10.20.6.30");
    expect(plan.seedHosts).to.not.include(plan.loadBalancerAddress);
    // The nodes' addresses and six spare ones, not the whole subnet.
    expect(plan.seedHosts).to.deep.equal([4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => `10.20.6.${n}`));
    expect(subnetPlan("10.20.6.0/24", 3).seedHosts).to.have.length(9);
    expect(subnetPlan("10.20.6.0/29", 1).seedHosts).to.deep.equal(["10.20.6.4", "10.20.6.5"]);
    expect(subnetPlan("10.20.6.0/27", 1).initialManagers).to.deep.equal(["10.20.6.4"]);
  });
});

describe("components/azure/search/first-boot: the script", () => {
  it("installs the pinned release only when its SHA-256 matches", () => {
    const script = searchFirstBoot(params(3));
    expect(script).to.contain(`readonly VERSION='${OPENSEARCH_RELEASE.version}'`);
    expect(script).to.contain(`readonly SHA256='${OPENSEARCH_RELEASE.sha256}'`);
    expect(script).to.match(/echo "\$SHA256 {2}\$TARBALL" \| sha256sum -c --quiet -\n/);
    expect(script.indexOf("sha256sum -c")).to.be.lessThan(script.indexOf("tar -xzf"));
    // The pin is nixpkgs' SRI digest of the same tarball, in hex.
    expect(Buffer.from("skOqp9jc67h4gfcPcWE5A8Nt2gd/2Q7hHqN3QS1tVp8=", "base64").toString("hex")).to.equal(
      OPENSEARCH_RELEASE.sha256,
    );
  });

  it("turns the security plugin on with TLS on both layers and one internal user, and never prints the password", () => {
    const script = searchFirstBoot(params(3));
    for (const line of [
      "plugins.security.ssl.http.enabled: true",
      'plugins.security.ssl.http.enabled_protocols: ["TLSv1.3", "TLSv1.2"]',
      "plugins.security.ssl.transport.pemtrustedcas_filepath: certs/ca.pem",
      'plugins.security.nodes_dn: ["CN=node,OU=$CLUSTER,O=storefront"]',
      "azure.client.default.token_credential_type: managed_identity",
      "cluster.routing.allocation.awareness.attributes: zone",
      'cluster.initial_cluster_manager_nodes: ["10.20.6.4", "10.20.6.5", "10.20.6.6"]',
    ]) {
      expect(script).to.contain(line);
    }
    expect(script).to.not.contain("plugins.security.disabled");
    expect(script).to.not.contain("install_demo_configuration");
    // The password reaches the hasher through the environment and curl through stdin, never argv.
    expect(script).to.match(
      /HASH=\$\(PASSWORD="\$PASSWORD" OPENSEARCH_JAVA_HOME=\S+ \\\n\s+"\S+\/hash\.sh" -env PASSWORD/,
    );
    expect(script).to.not.match(/-u "?\$ADMIN_USER:\$PASSWORD/);
    expect(script).to.not.match(/echo[^\n]*\$PASSWORD/);
  });

  it("runs a one-node cluster as a single node, without seeds", () => {
    const script = searchFirstBoot(params(1));
    expect(script).to.contain("discovery.type: single-node");
    expect(script).to.not.contain("cluster.initial_cluster_manager_nodes");
  });
});

describe("components/azure/search/first-boot: with real shellcheck and openssl", function () {
  this.timeout(60_000);
  let dir: string;
  let shellcheck: string;
  let openssl: string;

  before(function () {
    const { found, missing } = findBinaries();
    if (!found.shellcheck || !found.openssl) {
      const message = `missing real components: ${missing.join(", ")}`;
      if (IN_CI) throw new Error(message);
      this.skip();
    }
    shellcheck = found.shellcheck!;
    openssl = found.openssl!;
    dir = tempDir("storefront-search-");
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  for (const nodes of [1, 3]) {
    it(`the ${nodes}-node script passes shellcheck`, () => {
      const file = path.join(dir, `search-${nodes}.sh`);
      fs.writeFileSync(file, searchFirstBoot(params(nodes)));
      run(shellcheck, ["--shell=bash", "--severity=style", file]);
    });
  }

  describe("issue_certificates", () => {
    let script: string;
    let a: string;
    let b: string;
    let c: string;
    const node = (name: string, s: string, address: string, keyFile?: string) => {
      const out = path.join(dir, name);
      fs.mkdirSync(out, { recursive: true });
      if (keyFile !== undefined) fs.writeFileSync(path.join(out, "node.key"), keyFile);
      run("/bin/bash", [script, s, "acme-prod-search", out, address, "10.20.6.30"]);
      return out;
    };
    const seed = createHash("sha256").update("seed of acme-prod").digest("hex");
    const other = createHash("sha256").update("another cluster").digest("hex");

    before(() => {
      script = path.join(dir, "ca.sh");
      fs.writeFileSync(script, `set -euo pipefail\n${CA_KEY_FROM_SEED}\nissue_certificates "$@"\n`);
      // b boots with a damaged key left behind (a disk that filled up): it must get a new one.
      b = node("b", seed, "10.20.6.5", "-----BEGIN PRIVATE KEY-----\ntruncated\n");
      // a and c start with a copy of b's new key, which first boot keeps (as on a re-run): one 3072-bit
      // RSA key made for the three nodes (about a second of CPU each), and the CA trust cases do not
      // depend on which node key a certificate carries.
      const key = fs.readFileSync(path.join(b, "node.key"), "utf8");
      a = node("a", seed, "10.20.6.4", key);
      c = node("c", other, "10.20.6.6", key);
    });

    it("nodes that derive the CA from the same seed trust each other's certificates; another seed's do not", () => {
      // Different bytes (each node signs its own CA copy), same key and subject: mutual trust.
      expect(fs.readFileSync(path.join(a, "ca.pem"), "utf8")).to.not.equal(
        fs.readFileSync(path.join(b, "ca.pem"), "utf8"),
      );
      expect(
        run(openssl, ["verify", "-CAfile", path.join(a, "ca.pem"), path.join(b, "node.pem")]),
      ).to.contain("OK");
      expect(
        run(openssl, ["verify", "-CAfile", path.join(b, "ca.pem"), path.join(a, "node.pem")]),
      ).to.contain("OK");
      expect(() =>
        run(openssl, ["verify", "-CAfile", path.join(a, "ca.pem"), path.join(c, "node.pem")]),
      ).to.throw(/verification failed|unable to get local issuer/);
      const cert = run(openssl, [
        "x509",
        "-in",
        path.join(b, "node.pem"),
        "-noout",
        "-subject",
        "-ext",
        "subjectAltName",
        "-nameopt",
        "RFC2253",
      ]);
      expect(cert).to.contain("subject=CN=node,OU=acme-prod-search,O=storefront");
      expect(cert).to.contain("IP Address:10.20.6.5, IP Address:10.20.6.30");
      // PKCS#8, as the security plugin wants; the CA key never stays on disk.
      expect(fs.readFileSync(path.join(b, "node.key"), "utf8")).to.match(/^-----BEGIN PRIVATE KEY-----/);
      expect(fs.readdirSync(b).sort()).to.deep.equal(["ca.pem", "node.key", "node.pem"]);
    });

    it("a re-run keeps a node key that parses and re-issues its certificate; a damaged key is replaced", () => {
      const publicKey = (file: string) => run(openssl, ["pkey", "-in", file, "-pubout"]);
      const rsaBits = (dir: string) =>
        /Private-Key: \((\d+) bit/.exec(
          run(openssl, ["pkey", "-in", path.join(dir, "node.key"), "-noout", "-text"]),
        )?.[1];
      // b's damaged key was replaced by a new 3072-bit key, and b's certificate is for that key.
      expect(rsaBits(b)).to.equal("3072");
      expect(run(openssl, ["x509", "-in", path.join(b, "node.pem"), "-noout", "-pubkey"])).to.equal(
        publicKey(path.join(b, "node.key")),
      );
      // a boots again, now at another address: the same key, a new certificate naming the new address.
      const key = fs.readFileSync(path.join(a, "node.key"), "utf8");
      const cert = fs.readFileSync(path.join(a, "node.pem"), "utf8");
      node("a", seed, "10.20.6.9");
      expect(fs.readFileSync(path.join(a, "node.key"), "utf8")).to.equal(key);
      expect(fs.readFileSync(path.join(a, "node.pem"), "utf8")).to.not.equal(cert);
      expect(run(openssl, ["x509", "-in", path.join(a, "node.pem"), "-noout", "-pubkey"])).to.equal(
        publicKey(path.join(a, "node.key")),
      );
      expect(
        run(openssl, ["x509", "-in", path.join(a, "node.pem"), "-noout", "-ext", "subjectAltName"]),
      ).to.contain("IP Address:10.20.6.9, IP Address:10.20.6.30");
      expect(
        run(openssl, ["verify", "-CAfile", path.join(b, "ca.pem"), path.join(a, "node.pem")]),
      ).to.contain("OK");
    });
  });
});
