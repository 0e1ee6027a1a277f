import { webUserData, WebUserDataArgs } from "../../../components/web/user-data";

/** A first-boot script as the Storefront renders it, for either profile. */
export function sampleUserData(
  profile: "wordpress" | "magento",
  extra: Partial<WebUserDataArgs> = {},
): string {
  const wordpress = profile === "wordpress";
  return webUserData({
    profile,
    region: "eu-west-1",
    webRoot: wordpress ? "/var/www/html" : "/var/www/magento",
    fileSystemId: "fs-0123",
    mounts: wordpress
      ? [{ path: "/var/www/html/wp-content/uploads", accessPointId: "fsap-uploads" }]
      : [
          { path: "/var/www/magento/pub/media", accessPointId: "fsap-media" },
          { path: "/var/www/magento/var", accessPointId: "fsap-var" },
        ],
    settings: {
      profile,
      siteUrl: "https://shop.example.com",
      database: { host: "db.cluster-abc.eu-west-1.rds.amazonaws.com", port: 3306, name: "storefront" },
      sessions: { host: "master.sessions.euw1.cache.amazonaws.com", port: 6379 },
      ...(wordpress
        ? {}
        : { search: { host: "vpc-search.eu-west-1.es.amazonaws.com", port: 443, username: "admin" } }),
    },
    secrets: {
      databaseSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1",
      sessionTokenParameter: "/sf/auth",
      ...(wordpress
        ? {
            saltsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:salts",
            setupTokenSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:setup",
          }
        : { searchPasswordParameter: "/sf/search" }),
    },
    staticMaxAgeSeconds: 604800,
    ...extra,
  });
}
