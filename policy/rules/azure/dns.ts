import { stackRule } from "../../lib/define";
import { obj } from "../../lib/azure";
import { DNS_RECORD_SET } from "../../lib/azure-types";

/** Azure DNS record sets of the shop's names (Front Door's CNAME and validation records). */

/**
 * Host name suffixes of Azure resources anyone can create under a freed name, the targets of subdomain
 * takeover ("Prevent dangling DNS entries and avoid subdomain takeover", Azure security fundamentals: Front
 * Door, CDN, App Service, public IP DNS labels, Traffic Manager, Blob storage, Container Instances, API
 * Management).
 */
const CLAIMABLE = [
  /\.azurefd\.net\.?$/,
  /\.azureedge\.net\.?$/,
  /\.azurewebsites\.net\.?$/,
  /\.cloudapp\.(azure\.com|net)\.?$/,
  /\.trafficmanager\.net\.?$/,
  /\.blob\.core\.windows\.net\.?$/,
  /\.azurecontainer\.io\.?$/,
  /\.azure-api\.net\.?$/,
];

export const dnsRecordTargetInStack = stackRule({
  id: "dns-record-target-in-stack",
  description:
    "DNS records that point at a Front Door, CDN, App Service, public IP or storage host name take it from a resource of the stack (or are alias records), so the name never outlives what it points at.",
  severity: "high",
  remediation:
    "Set cnameRecord.cname from the output of the resource it points at (the Front Door endpoint's hostName), or use an alias record (targetResource) that follows the resource's lifecycle.",
  references: "Prevent dangling DNS entries and avoid subdomain takeover (Azure security fundamentals)",
  types: [DNS_RECORD_SET],
  check(graph, report) {
    // A CNAME naming an endpoint by a literal survives the endpoint's deletion: whoever creates an endpoint
    // of that name next serves the shop's domain. Alias records (targetResource) follow the resource: "alias
    // records ... prevent dangling references" (same page), so they are not judged.
    for (const r of graph.ofTypes([DNS_RECORD_SET])) {
      const cname = obj(r.props.cnameRecord).cname;
      if (typeof cname !== "string" || !CLAIMABLE.some((p) => p.test(cname.toLowerCase()))) continue;
      if ((r.propertyDependencies?.cnameRecord ?? []).length > 0) continue;
      report(`The record points at ${cname} by a literal name, not at a resource of the stack.`, r.urn);
    }
  },
});
