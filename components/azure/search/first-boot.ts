import * as ipaddr from "ipaddr.js";

/*
 * First boot of an OpenSearch node on an Azure VM scale set (Ubuntu 24.04): the data disk, a pinned and
 * checksum-verified OpenSearch release, TLS on both layers from the cluster's CA, the security plugin with
 * one internal user whose password comes from Key Vault, zone awareness, and snapshots to Blob storage with
 * the VM's managed identity. Pure: the SearchCluster component renders it into the scale set's custom data;
 * the spec runs shellcheck on it and runs its CA derivation with real openssl.
 */

/**
 * The OpenSearch release the nodes run. The SHA-256 is the one nixpkgs pins for this very tarball
 * (NixOS/nixpkgs pkgs/by-name/op/opensearch/package.nix at 00e6b22b, `hash = "sha256-skOqp9jc67h4gfcPc
 * WE5A8Nt2gd/2Q7hHqN3QS1tVp8="`, the same digest in hex); OpenSearch publishes `<tarball>.sha512` beside
 * it. A new release means a new pair here, taken from a source that has fetched and checked the file.
 */
export const OPENSEARCH_RELEASE = {
  version: "2.19.1",
  sha256: "b243aaa7d8dcebb87881f70f71613903c36dda077fd90ee11ea377412d6d569f",
} as const;

export interface OpenSearchRelease {
  readonly version: string;
  /** SHA-256 of `opensearch-<version>-linux-x64.tar.gz`, lowercase hex. */
  readonly sha256: string;
}

/** Azure keeps the first four addresses and the last of every subnet ("Azure Virtual Network FAQ"). */
const AZURE_RESERVED_LOW = 4;

export interface SubnetPlan {
  /** The addresses the nodes hold, and a few more: the discovery seed list. */
  readonly seedHosts: readonly string[];
  /** The first addresses Azure hands out, in order: the nodes that form a new cluster. */
  readonly initialManagers: readonly string[];
  /** The internal load balancer's static frontend: the subnet's last usable address. */
  readonly loadBalancerAddress: string;
}

/** Usable host addresses of the subnet, in order (Azure's five reserved addresses left out). */
export function usableAddresses(cidr: string): string[] {
  const [network, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const base = network.toByteArray().reduce((n, b) => n * 256 + b, 0);
  const size = 2 ** (32 - prefix);
  const first = base - (base % size);
  const addresses: string[] = [];
  for (let n = first + AZURE_RESERVED_LOW; n < first + size - 1; n++) {
    addresses.push([24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join("."));
  }
  return addresses;
}

/**
 * Seeds beyond the nodes' own addresses: replaced nodes take the lowest free addresses again, and nodes
 * added later find the cluster through the lower ones, so a few spare seeds cover every address a node of
 * the cluster can hold without probing a whole /24 on every discovery round.
 */
export const SPARE_SEEDS = 6;

/**
 * The cluster's fixed discovery design. The subnet is the cluster's alone, and Azure gives a NIC with a
 * dynamic address "the next available address in the subnet" ("Private IP addresses", Azure Virtual Network
 * docs: Azure assigns 10.0.0.10 when .4-.9 are taken), so a new cluster of N nodes holds the subnet's first N
 * usable addresses. Nodes are named by address; the first three (or the only one) bootstrap the cluster;
 * the nodes' addresses and a few spare ones are the seeds; the load balancer's frontend is the subnet's
 * last address, out of the nodes' way.
 */
export function subnetPlan(cidr: string, nodeCount: number): SubnetPlan {
  const addresses = usableAddresses(cidr);
  return {
    seedHosts: addresses.slice(0, Math.min(addresses.length - 1, nodeCount + SPARE_SEEDS)),
    initialManagers: addresses.slice(0, Math.min(3, nodeCount)),
    loadBalancerAddress: addresses[addresses.length - 1],
  };
}

/**
 * Derives the cluster CA's private key from the 32-byte seed every node reads from Key Vault: the seed is
 * the private scalar of a P-384 key (zero-padded to the curve's 48 bytes, always below the group order), so
 * every node holds the same CA key and signs its own certificate with it; a node trusts another's
 * certificate because both CA copies carry the same key and subject. The key lives in a private temporary
 * directory only while the node's certificate is signed.
 */
export const CA_KEY_FROM_SEED = `ca_key_from_seed() { # <64 hex seed> <key.pem>
  local conf der
  conf=$(mktemp)
  der=$(mktemp)
  printf 'asn1=SEQUENCE:ec\\n[ec]\\nversion=INTEGER:1\\nkey=FORMAT:HEX,OCTETSTRING:%s%s\\nparams=EXPLICIT:0,OID:secp384r1\\n' \\
    00000000000000000000000000000000 "$1" >"$conf"
  openssl asn1parse -genconf "$conf" -out "$der" -noout
  openssl ec -inform DER -in "$der" -out "$2" 2>/dev/null
  rm -f "$conf" "$der"
}

# The cluster CA (same key and subject on every node) and this node's certificate for transport and HTTP.
issue_certificates() { # <seed> <cluster> <dir> <node address> <load balancer address>
  local seed=$1 cluster=$2 dir=$3 address=$4 balancer=$5 work
  work=$(mktemp -d)
  ca_key_from_seed "$seed" "$work/ca.key"
  openssl req -x509 -new -key "$work/ca.key" -sha384 -days 3650 \\
    -subj "/O=storefront/OU=$cluster/CN=search CA" -out "$dir/ca.pem"
  # A node key that is already there and parses is kept: a re-run of first boot re-issues the certificate
  # for it, as the script's other steps keep what they already made.
  openssl pkey -in "$dir/node.key" -noout 2>/dev/null ||
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$dir/node.key" 2>/dev/null
  openssl req -new -key "$dir/node.key" \\
    -subj "/O=storefront/OU=$cluster/CN=node" -out "$work/node.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth,clientAuth\\nbasicConstraints=critical,CA:FALSE\\n' \\
    "$address" "$balancer" >"$work/node.ext"
  openssl x509 -req -in "$work/node.csr" -CA "$dir/ca.pem" -CAkey "$work/ca.key" -sha256 -days 825 \\
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/node.ext" -out "$dir/node.pem" 2>/dev/null
  rm -rf "$work"
}`;

export interface SearchBootParams {
  readonly clusterName: string;
  readonly release: OpenSearchRelease;
  /** `https://<vault>.vault.azure.net/` */
  readonly vaultUri: string;
  /** Client id of the nodes' user-assigned identity (Key Vault and Blob storage tokens). */
  readonly identityClientId: string;
  readonly adminUserName: string;
  readonly passwordSecretName: string;
  readonly caSeedSecretName: string;
  /** Where the nodes publish the CA certificate (public) for the web servers to trust. */
  readonly caCertificateSecretName: string;
  readonly plan: SubnetPlan;
  readonly snapshot: {
    readonly storageAccountName: string;
    readonly containerName: string;
    readonly retentionDays: number;
  };
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const yamlList = (values: readonly string[]) => `[${values.map((v) => `"${v}"`).join(", ")}]`;

/** The node's first-boot script (bash, shellcheck-clean). */
export function searchFirstBoot(p: SearchBootParams): string {
  const single = p.plan.initialManagers.length === 1;
  const discovery = single
    ? "discovery.type: single-node"
    : `discovery.seed_hosts: ${yamlList(p.plan.seedHosts)}\ncluster.initial_cluster_manager_nodes: ${yamlList(p.plan.initialManagers)}`;
  return `#!/bin/bash
# OpenSearch node first boot, rendered by components/azure/search/first-boot.ts.
set -euo pipefail
umask 027

readonly VERSION=${quote(p.release.version)}
readonly SHA256=${quote(p.release.sha256)}
readonly CLUSTER=${quote(p.clusterName)}
readonly VAULT_URI=${quote(p.vaultUri.replace(/\/+$/, ""))}
readonly CLIENT_ID=${quote(p.identityClientId)}
readonly ADMIN_USER=${quote(p.adminUserName)}
readonly PASSWORD_SECRET=${quote(p.passwordSecretName)}
readonly CA_SEED_SECRET=${quote(p.caSeedSecretName)}
readonly CA_CERT_SECRET=${quote(p.caCertificateSecretName)}
readonly BOOTSTRAP_NODE=${quote(p.plan.initialManagers[0])}
readonly LB_ADDRESS=${quote(p.plan.loadBalancerAddress)}
readonly SNAPSHOT_ACCOUNT=${quote(p.snapshot.storageAccountName)}
readonly SNAPSHOT_CONTAINER=${quote(p.snapshot.containerName)}
readonly SNAPSHOT_RETENTION_DAYS=${p.snapshot.retentionDays}
readonly HOME_DIR=/opt/opensearch
readonly DATA_DIR=/var/lib/opensearch
readonly LOG_DIR=/var/log/opensearch
readonly CONF_DIR="$HOME_DIR/config"
readonly CERTS="$CONF_DIR/certs"
readonly IMDS=http://169.254.169.254/metadata

log() { echo "opensearch-first-boot: $*" >&2; }

${CA_KEY_FROM_SEED}

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q curl jq openssl

ADDRESS=$(curl -fsS -H Metadata:true "$IMDS/instance/network/interface/0/ipv4/ipAddress/0/privateIpAddress?api-version=2021-02-01&format=text")
ZONE=$(curl -fsS -H Metadata:true "$IMDS/instance/compute/zone?api-version=2021-02-01&format=text")
readonly ADDRESS ZONE

# Data on the managed data disk at LUN 0 (Azure's udev rules name it), formatted once, mounted by label.
DISK=/dev/disk/azure/scsi1/lun0
for _ in $(seq 1 60); do
  [ -e "$DISK" ] && break
  sleep 5
done
[ -e "$DISK" ] || { log "no data disk at LUN 0"; exit 1; }
blkid "$DISK" >/dev/null 2>&1 || mkfs.ext4 -q -L osdata "$DISK"
mkdir -p "$DATA_DIR" "$LOG_DIR"
grep -q '^LABEL=osdata ' /etc/fstab || echo "LABEL=osdata $DATA_DIR ext4 defaults,noatime,nofail 0 2" >>/etc/fstab
mountpoint -q "$DATA_DIR" || mount "$DATA_DIR"

# The pinned release, refused unless its SHA-256 matches.
id opensearch >/dev/null 2>&1 || useradd --system --home-dir "$HOME_DIR" --shell /usr/sbin/nologin opensearch
TARBALL=$(mktemp)
curl -fsSL --retry 5 -o "$TARBALL" \\
  "https://artifacts.opensearch.org/releases/bundle/opensearch/$VERSION/opensearch-$VERSION-linux-x64.tar.gz"
echo "$SHA256  $TARBALL" | sha256sum -c --quiet -
mkdir -p "/opt/opensearch-$VERSION"
tar -xzf "$TARBALL" -C "/opt/opensearch-$VERSION" --strip-components=1
rm -f "$TARBALL"
ln -sfn "/opt/opensearch-$VERSION" "$HOME_DIR"

# Secrets from Key Vault with the VM's identity (a new role assignment takes minutes to apply: retry).
vault_token() {
  curl -fsS -H Metadata:true \\
    "$IMDS/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=$CLIENT_ID" |
    jq -r .access_token
}
read_secret() { # <name>
  local attempt
  for attempt in $(seq 1 30); do
    if curl -fsS -H "Authorization: Bearer $(vault_token)" "$VAULT_URI/secrets/$1?api-version=7.4" | jq -er .value; then
      return 0
    fi
    log "secret $1 not readable yet (attempt $attempt)"
    sleep 20
  done
  return 1
}
PASSWORD=$(read_secret "$PASSWORD_SECRET")
CA_SEED=$(read_secret "$CA_SEED_SECRET")

mkdir -p "$CERTS"
issue_certificates "$CA_SEED" "$CLUSTER" "$CERTS" "$ADDRESS" "$LB_ADDRESS"
unset CA_SEED
# The CA certificate (public) for the web servers' trust store; every node's copy is equally valid.
if ! read_secret "$CA_CERT_SECRET" | openssl x509 -noout 2>/dev/null; then
  jq -n --rawfile value "$CERTS/ca.pem" '{value: $value, contentType: "application/x-pem-file"}' |
    curl -fsS -X PUT -H "Authorization: Bearer $(vault_token)" -H 'Content-Type: application/json' --data @- \\
      "$VAULT_URI/secrets/$CA_CERT_SECRET?api-version=7.4" >/dev/null
fi

# The one internal user (Magento's and the operators'), by its bcrypt hash; the demo users are not kept.
HASH=$(PASSWORD="$PASSWORD" OPENSEARCH_JAVA_HOME="$HOME_DIR/jdk" \\
  "$HOME_DIR/plugins/opensearch-security/tools/hash.sh" -env PASSWORD | tail -n 1)
cat >"$CONF_DIR/opensearch-security/internal_users.yml" <<EOF
_meta:
  type: "internalusers"
  config_version: 2
$ADMIN_USER:
  hash: "$HASH"
  reserved: true
  description: "The storefront's search user; its password is a Key Vault secret"
EOF
cat >"$CONF_DIR/opensearch-security/roles_mapping.yml" <<EOF
_meta:
  type: "rolesmapping"
  config_version: 2
all_access:
  reserved: true
  users: ["$ADMIN_USER"]
EOF

cat >"$CONF_DIR/opensearch.yml" <<EOF
cluster.name: $CLUSTER
node.name: $ADDRESS
node.attr.zone: "$ZONE"
cluster.routing.allocation.awareness.attributes: zone
network.host: $ADDRESS
http.port: 9200
transport.port: 9300
path.data: $DATA_DIR/data
path.logs: $LOG_DIR
${discovery}
plugins.security.ssl.transport.pemcert_filepath: certs/node.pem
plugins.security.ssl.transport.pemkey_filepath: certs/node.key
plugins.security.ssl.transport.pemtrustedcas_filepath: certs/ca.pem
plugins.security.ssl.transport.enforce_hostname_verification: false
plugins.security.ssl.transport.enabled_protocols: ["TLSv1.3", "TLSv1.2"]
plugins.security.ssl.http.enabled: true
plugins.security.ssl.http.pemcert_filepath: certs/node.pem
plugins.security.ssl.http.pemkey_filepath: certs/node.key
plugins.security.ssl.http.pemtrustedcas_filepath: certs/ca.pem
plugins.security.ssl.http.enabled_protocols: ["TLSv1.3", "TLSv1.2"]
plugins.security.nodes_dn: ["CN=node,OU=$CLUSTER,O=storefront"]
plugins.security.allow_default_init_securityindex: true
plugins.security.restapi.roles_enabled: ["all_access"]
azure.client.default.token_credential_type: managed_identity
EOF

# Half the memory for the heap, at most 31 GiB (compressed object pointers).
MEM_MIB=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
HEAP_MIB=$((MEM_MIB / 2 > 31744 ? 31744 : MEM_MIB / 2))
printf -- '-Xms%dm\\n-Xmx%dm\\n' "$HEAP_MIB" "$HEAP_MIB" >"$CONF_DIR/jvm.options.d/heap.options"
echo 'vm.max_map_count=262144' >/etc/sysctl.d/90-opensearch.conf
sysctl -q --system

# Snapshots to the private storage account, authenticated by the managed identity.
"$HOME_DIR/bin/opensearch-plugin" install --batch repository-azure
[ -f "$CONF_DIR/opensearch.keystore" ] || "$HOME_DIR/bin/opensearch-keystore" create
printf '%s' "$SNAPSHOT_ACCOUNT" | "$HOME_DIR/bin/opensearch-keystore" add --stdin --force azure.client.default.account

chown -R opensearch:opensearch "/opt/opensearch-$VERSION" "$DATA_DIR" "$LOG_DIR"
chmod 600 "$CERTS/node.key"
cat >/etc/systemd/system/opensearch.service <<EOF
[Unit]
Description=OpenSearch
Wants=network-online.target
After=network-online.target local-fs.target

[Service]
User=opensearch
Group=opensearch
Environment=OPENSEARCH_PATH_CONF=$CONF_DIR
ExecStart=$HOME_DIR/bin/opensearch
LimitNOFILE=65535
LimitNPROC=4096
LimitMEMLOCK=infinity
TimeoutStopSec=180
Restart=on-failure

[Install]
WantedBy=multi-user.target
EOF
systemctl daemon-reload
systemctl enable --now opensearch

# The node that bootstraps the cluster registers the snapshot repository and the daily snapshot policy.
api() { # <method> <path> [json body]
  local body=()
  [ $# -ge 3 ] && body=(-H 'Content-Type: application/json' --data "$3")
  curl -sS -o /dev/null -w '%{http_code}' -K - --cacert "$CERTS/ca.pem" -X "$1" "\${body[@]}" "https://$ADDRESS:9200$2" <<EOF
user = "$ADMIN_USER:$PASSWORD"
EOF
}
if [ "$ADDRESS" = "$BOOTSTRAP_NODE" ]; then
  for _ in $(seq 1 90); do
    [ "$(api GET /_cluster/health?wait_for_status=yellow)" = 200 ] && break
    sleep 10
  done
  api PUT /_snapshot/azure "$(jq -nc --arg c "$SNAPSHOT_CONTAINER" --arg p "$CLUSTER" \\
    '{type: "azure", settings: {client: "default", container: $c, base_path: $p}}')" >/dev/null
  status=$(api POST /_plugins/_sm/policies/daily "$(jq -nc --argjson days "$SNAPSHOT_RETENTION_DAYS" '{
    description: "Daily snapshot of every index, kept for the retention period",
    creation: {schedule: {cron: {expression: "0 2 * * *", timezone: "UTC"}}},
    deletion: {schedule: {cron: {expression: "0 3 * * *", timezone: "UTC"}},
      condition: {max_age: "\\($days)d", min_count: 1}},
    snapshot_config: {repository: "azure", indices: "*"}}')")
  case "$status" in 200 | 201 | 409) ;; *) log "snapshot policy: HTTP $status" ;; esac
fi
unset PASSWORD
log "node $ADDRESS in zone $ZONE started"
`;
}
