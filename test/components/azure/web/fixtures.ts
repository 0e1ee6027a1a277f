import { azureWebUserData, AzureWebUserDataArgs } from "../../../../components/azure/web/user-data";

/** An Azure first-boot script as the Azure storefront renders it, for either profile. */
export function sampleAzureUserData(
  profile: "wordpress" | "magento",
  extra: Partial<AzureWebUserDataArgs> = {},
): string {
  const wordpress = profile === "wordpress";
  return azureWebUserData({
    profile,
    webRoot: wordpress ? "/var/www/html" : "/var/www/magento",
    media: { host: "stacmeprod1a2b3c.file.core.windows.net", exportPath: "/stacmeprod1a2b3c/media" },
    mounts: wordpress
      ? [{ path: "/var/www/html/wp-content/uploads", directory: "uploads" }]
      : [
          { path: "/var/www/magento/pub/media", directory: "media" },
          { path: "/var/www/magento/var", directory: "var" },
        ],
    keyVaultUri: "https://kv-acme-prod-1a2b3c.vault.azure.net/",
    identityClientId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    settings: {
      profile,
      siteUrl: "https://shop.example.com",
      database: { host: "acme-prod-mysql-1a2b3c.mysql.database.azure.com", port: 3306, name: "storefront" },
      sessions: { host: "acme-prod-redis-1a2b3c.westeurope.redis.azure.net", port: 10000 },
      ...(wordpress ? {} : { search: { host: "10.60.6.254", port: 9200, username: "storefront_admin" } }),
    },
    secrets: {
      databaseUsername: "storefront",
      databasePassword: "mysql-admin-password",
      sessionKey: "redis-access-key",
      ...(wordpress
        ? { salts: "wordpress-salts" }
        : { searchPassword: "search-password", searchCaCertificate: "search-ca-certificate" }),
    },
    staticMaxAgeSeconds: 604800,
    ...extra,
  });
}
