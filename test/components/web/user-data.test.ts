import { expect } from "chai";
import { webUserData } from "../../../components/web/user-data";

describe("components/web/user-data", () => {
  const script = webUserData({
    profile: "magento",
    fileSystemId: "fs-0123",
    mounts: [
      { path: "/var/www/magento/pub/media", accessPointId: "fsap-media" },
      { path: "/var/www/magento/var", accessPointId: "fsap-var" },
    ],
  });
  const lines = script.split("\n");

  it("is a bash script that stops at the first failure", () => {
    expect(lines[0]).to.equal("#!/bin/bash");
    expect(lines).to.include("set -euo pipefail");
  });

  it("mounts every media directory from EFS over TLS with IAM through its access point", () => {
    expect(lines).to.include.members([
      "mkdir -p /var/www/magento/pub/media",
      "mkdir -p /var/www/magento/var",
      "grep -qxF 'fs-0123:/ /var/www/magento/pub/media efs _netdev,noresvport,tls,iam,accesspoint=fsap-media 0 0' " +
        "/etc/fstab || echo 'fs-0123:/ /var/www/magento/pub/media efs _netdev,noresvport,tls,iam,accesspoint=fsap-media 0 0' >> /etc/fstab",
      "mountpoint -q /var/www/magento/var",
    ]);
  });

  it("writes no session settings without a cache", () => {
    expect(script).not.to.contain("session.save_handler");
  });

  it("points PHP sessions at the cache over TLS, with the token read from Parameter Store at boot", () => {
    const withSessions = webUserData({
      profile: "wordpress",
      fileSystemId: "fs-0123",
      mounts: [],
      sessions: {
        host: "master.sessions.euw1.cache.amazonaws.com",
        port: 6379,
        authTokenParameterName: "/sf/auth",
        region: "eu-west-1",
      },
    }).split("\n");
    expect(withSessions).to.include.members([
      "token=$(aws ssm get-parameter --region eu-west-1 --name '/sf/auth' --with-decryption --query Parameter.Value --output text)",
      "cat > /etc/php.d/50-storefront-sessions.ini <<INI",
      "session.save_handler = redis",
      'session.save_path = "tls://master.sessions.euw1.cache.amazonaws.com:6379?auth=${token}"',
      "INI",
    ]);
  });
});
