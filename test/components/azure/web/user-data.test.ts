import { expect } from "chai";
import {
  AZURE_SERVER_PLATFORM,
  azureWebUserData,
  CUSTOM_DATA_MAX_BYTES,
} from "../../../../components/azure/web/user-data";
import { PLATFORMS } from "../../../../components/web/platform";
import { nginxSite, phpFpmPool, phpIni } from "../../../../components/web/templates";
import { serverLayout } from "../../../../components/web/user-data";
import { sampleAzureUserData } from "./fixtures";

describe("components/azure/web/user-data", () => {
  const wordpress = sampleAzureUserData("wordpress");
  const magento = sampleAzureUserData("magento");
  const lines = (script: string) => script.split("\n");

  it("fits Azure's 64 KB of custom data with room to spare", () => {
    for (const script of [wordpress, magento]) {
      expect(Buffer.byteLength(script)).to.be.below(CUSTOM_DATA_MAX_BYTES / 2);
    }
  });

  it("mounts the media share once through AZNFS over NFS 4.1 (TLS), and each media directory from it", () => {
    const fstab = lines(magento).filter((l) => l.startsWith("grep -qxF"));
    expect(fstab).to.have.length(3);
    expect(fstab[0]).to.include(
      "stacmeprod1a2b3c.file.core.windows.net:/stacmeprod1a2b3c/media /mnt/storefront-media aznfs vers=4,minorversion=1,sec=sys,nconnect=4,_netdev,nofail 0 0",
    );
    expect(fstab[1]).to.include(
      "/mnt/storefront-media/media /var/www/magento/pub/media none bind,_netdev,nofail,x-systemd.requires-mounts-for=/mnt/storefront-media 0 0",
    );
    expect(fstab[2]).to.include("/mnt/storefront-media/var /var/www/magento/var none bind");
    expect(magento).to.not.include("notls");
    expect(magento).to.include("media_dir var");
    expect(magento).to.include("mountpoint -q /var/www/magento/var");
  });

  it("reads secrets from Key Vault as the scale set's identity, with the token never on a command line", () => {
    expect(wordpress).to.include(
      "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    );
    expect(wordpress).to.include("-H Metadata:true");
    expect(wordpress).to.include('"https://kv-acme-prod-1a2b3c.vault.azure.net/secrets/$1?api-version=7.4"');
    expect(wordpress).to.include(
      `printf 'Authorization: Bearer %s\\n' "$kv_token" | curl -fsS --retry 5 -H @-`,
    );
    expect(wordpress).to.not.match(/curl[^\n]*Bearer \$kv_token/);
    expect(wordpress).to.include("unset kv_token");
  });

  it("writes each secret into a file only root and PHP's group read", () => {
    expect(wordpress).to.include(`secret_file "$conf/database.json" database_json`);
    expect(wordpress).to.include(`secret_file "$conf/session-token" kv_secret 'redis-access-key'`);
    expect(wordpress).to.include(`secret_file "$conf/wordpress-salts.json" kv_secret 'wordpress-salts'`);
    expect(wordpress).to.include('chgrp www-data "$file.new"; chmod 0440 "$file.new"');
    expect(magento).to.include(`secret_file "$conf/search-password" kv_secret 'search-password'`);
    expect(magento).to.not.include("wordpress-salts");
  });

  it("tells Magento where search is and as whom, and reads the search password from Key Vault by name", () => {
    const settings = lines(magento)[lines(magento).indexOf(`cat > "$conf/settings.json" <<'JSON'`) + 1];
    expect(JSON.parse(settings).search).to.deep.equal({
      host: "10.60.6.254",
      port: 9200,
      username: "storefront_admin",
    });
    expect(magento).to.include(`secret_file "$conf/search-password" kv_secret 'search-password'`);
    expect(wordpress).to.not.include("search");
  });

  it("waits for the search cluster's CA certificate, and reads the password only once the CA is there", () => {
    const all = lines(magento);
    const read = all.findIndex((l) => l.includes("kv_secret 'search-ca-certificate' | openssl x509"));
    const loop = all.findIndex((l, i) => i > read && l.startsWith("for attempt in $(seq 1 60); do"));
    const password = all.findIndex((l) => l.includes("kv_secret 'search-password'"));
    expect(read).to.be.greaterThan(0);
    expect(loop).to.be.greaterThan(read);
    const body = all.slice(loop, loop + 6).join("\n");
    const tries = Number(/seq 1 (\d+)/.exec(body)?.[1]);
    const pause = Number(/sleep (\d+)/.exec(body)?.[1]);
    // The wait the message states is the one the loop makes, and it ends inside the scale set's default
    // 30-minute repair grace period (a server that gives up is replaced, not left half-configured).
    expect(body).to.include(`after ${(tries * pause) / 60} minutes`);
    expect(tries * pause).to.be.within(10 * 60, 30 * 60 - 1);
    expect(password).to.be.greaterThan(loop);
    expect(password).to.be.below(all.indexOf("unset kv_token"));
  });

  it("adds the search CA to the system's public CAs in the bundle PHP trusts (Magento only)", () => {
    const bundle = lines(magento).filter((l) => l.includes("ca-bundle.pem"));
    expect(bundle[0]).to.equal(
      'cat /etc/ssl/certs/ca-certificates.crt "$conf/search-ca.pem" > "$conf/ca-bundle.pem.new"',
    );
    expect(bundle[1]).to.include('chmod 0644 "$conf/ca-bundle.pem.new"; mv -f');
    const all = lines(magento);
    expect(all.findIndex((l) => l === bundle[0])).to.be.greaterThan(
      all.findIndex((l) => l.includes('mv -f "$conf/search-ca.pem.new" "$conf/search-ca.pem"')),
    );
    expect(wordpress).to.not.include("search-ca.pem");
  });

  it("refuses search settings without both search secrets, and search secrets without the settings", () => {
    const render = (extra: Parameters<typeof sampleAzureUserData>[1]) => () =>
      sampleAzureUserData("magento", extra);
    const base = {
      databaseUsername: "storefront",
      databasePassword: "mysql-admin-password",
      sessionKey: "redis-access-key",
    };
    const refusal = /settings.search, secrets.searchPassword and secrets.searchCaCertificate come together/;
    expect(render({ secrets: { ...base, searchPassword: "search-password" } })).to.throw(refusal);
    expect(render({ secrets: { ...base, searchCaCertificate: "search-ca-certificate" } })).to.throw(refusal);
    expect(() =>
      sampleAzureUserData("wordpress", {
        secrets: { ...base, searchPassword: "p", searchCaCertificate: "c" },
      }),
    ).to.throw(refusal);
  });

  it("keeps sessions in Managed Redis over TLS with the access key", () => {
    expect(wordpress).to.include(
      'session.save_path = "tls://acme-prod-redis-1a2b3c.westeurope.redis.azure.net:10000?auth=${token}',
    );
  });

  it("insists on the three roots Azure's MySQL chains to before PHP trusts the bundle", () => {
    for (const root of [
      "DigiCert_Global_Root_CA.pem",
      "DigiCert_Global_Root_G2.pem",
      "Microsoft_RSA_Root_Certificate_Authority_2017.pem",
    ]) {
      expect(wordpress).to.include(`/etc/ssl/certs/${root}`);
    }
    expect(wordpress).to.include('install -m 0644 /etc/ssl/certs/ca-certificates.crt "$conf/ca-bundle.pem"');
  });

  it("runs cron once across the fleet and writes the health file last", () => {
    expect(wordpress).to.include("systemctl enable --now storefront-cron.timer");
    const body = lines(wordpress).filter((l) => l.trim() !== "");
    expect(body[body.length - 1]).to.equal("echo ok > /var/www/storefront-health/storefront-health.txt");
  });

  it("renders the same nginx site, pool and PHP settings that test/real checks with nginx -t and php-fpm -t", () => {
    // The only platform differences are PHP's version directories; the files themselves are Debian's.
    const ubuntu = serverLayout("/var/www/html", AZURE_SERVER_PLATFORM);
    const debian = serverLayout("/var/www/html", PLATFORMS.debian);
    expect(ubuntu).to.deep.equal(debian);
    const site = nginxSite({
      profile: "wordpress",
      layout: ubuntu,
      staticMaxAgeSeconds: 604800,
      uploadMaxMiB: 64,
    });
    expect(wordpress).to.include(site.trimEnd());
    const pool = (platform: typeof AZURE_SERVER_PLATFORM) =>
      phpFpmPool({ profile: "wordpress", platform, layout: ubuntu, maxChildren: "${max_children}" });
    expect(pool(AZURE_SERVER_PLATFORM)).to.equal(pool(PLATFORMS.debian));
    expect(wordpress).to.include(
      phpIni({ profile: "wordpress", layout: ubuntu, uploadMaxMiB: 64 }).trimEnd(),
    );
    expect(wordpress).to.include("cat > /etc/php/8.3/fpm/pool.d/storefront.conf <<POOL");
  });

  it("gives the command line PHP's settings too, since Ubuntu keeps separate ini directories", () => {
    expect(wordpress).to.include(
      "install -m 0644 /etc/php/8.3/fpm/conf.d/90-storefront.ini /etc/php/8.3/cli/conf.d/90-storefront.ini",
    );
  });

  it("holds no secret value: only secret names", () => {
    const script = azureWebUserData({
      profile: "wordpress",
      webRoot: "/var/www/html",
      media: { host: "st.file.core.windows.net", exportPath: "/st/media" },
      mounts: [],
      keyVaultUri: "https://kv.vault.azure.net",
      identityClientId: "id",
      settings: {
        profile: "wordpress",
        siteUrl: "",
        database: { host: "db", port: 3306, name: "shop" },
        sessions: { host: "cache", port: 10000 },
      },
      secrets: { databaseUsername: "shop", databasePassword: "db-pass", sessionKey: "cache-key" },
      staticMaxAgeSeconds: 60,
    });
    expect(script).to.include('"https://kv.vault.azure.net/secrets/$1?api-version=7.4"');
    expect(script).to.not.match(/password\s*[:=]\s*["'][^$]/i);
  });
});
