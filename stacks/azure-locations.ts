/*
 * Azure locations an Azure stack may use, and which of them have availability zones. Zones are what make a
 * production stack survive a datacenter loss (zone-redundant Application Gateway, scale set across zones,
 * MySQL zone-redundant HA, ZRS storage), so prod stacks are refused in a location without them.
 *
 * Zone-capable regions: Microsoft's "Azure regions with availability zone support"
 * (https://learn.microsoft.com/azure/reliability/availability-zones-region-support, revision of
 * 2024-11-20), public cloud only: US Gov Virginia and China North 3 are sovereign clouds, and Japan West is
 * listed only "with your Microsoft representative", so none of the three is offered here. Every zone-capable
 * region has three zones, numbered 1-3 per subscription ("What are availability zones?": the logical zone
 * numbers of two subscriptions may map to different physical zones).
 */

export const ZONE_LOCATIONS: readonly string[] = [
  // Americas
  "brazilsouth",
  "canadacentral",
  "centralus",
  "eastus",
  "eastus2",
  "mexicocentral",
  "southcentralus",
  "westus2",
  "westus3",
  // Europe
  "francecentral",
  "germanywestcentral",
  "italynorth",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "uksouth",
  "westeurope",
  // Middle East, Africa
  "israelcentral",
  "qatarcentral",
  "uaenorth",
  "southafricanorth",
  // Asia Pacific
  "australiaeast",
  "centralindia",
  "eastasia",
  "japaneast",
  "koreacentral",
  "newzealandnorth",
  "southeastasia",
];

/** Public-cloud locations without availability zones (their names as `az account list-locations` gives them): dev stacks only. */
export const NON_ZONE_LOCATIONS: readonly string[] = [
  "australiacentral",
  "australiasoutheast",
  "brazilsoutheast",
  "canadaeast",
  "francesouth",
  "germanynorth",
  "japanwest",
  "koreasouth",
  "northcentralus",
  "norwaywest",
  "southafricawest",
  "southindia",
  "switzerlandwest",
  "uaecentral",
  "ukwest",
  "westcentralus",
  "westindia",
  "westus",
];

export const AZURE_LOCATIONS: readonly string[] = [...ZONE_LOCATIONS, ...NON_ZONE_LOCATIONS].sort();

/** The logical zones of a location: 1, 2 and 3 where it has zones, none elsewhere. */
export function zonesOf(location: string): readonly string[] {
  return ZONE_LOCATIONS.includes(location) ? ["1", "2", "3"] : [];
}

/*
 * Each location's Azure region pair: where geo-redundant storage and MySQL's geo-redundant backups go.
 * "Cross-region replication in Azure", Azure paired regions (revision of 2022-12-12); the pairing is one-way
 * for West India (to South India), South India (to Central India), Brazil South (to South Central US), Brazil
 * Southeast (to Brazil South), West US 3 (to East US) and South Central US (to North Central US). Locations
 * left out have no pair (Qatar Central, Poland Central, Israel Central, Italy North, Spain Central, ...).
 */
export const PAIRED_LOCATION: Readonly<Record<string, string>> = {
  eastasia: "southeastasia",
  southeastasia: "eastasia",
  australiaeast: "australiasoutheast",
  australiasoutheast: "australiaeast",
  brazilsouth: "southcentralus",
  brazilsoutheast: "brazilsouth",
  canadacentral: "canadaeast",
  canadaeast: "canadacentral",
  northeurope: "westeurope",
  westeurope: "northeurope",
  francecentral: "francesouth",
  francesouth: "francecentral",
  germanywestcentral: "germanynorth",
  germanynorth: "germanywestcentral",
  centralindia: "southindia",
  southindia: "centralindia",
  westindia: "southindia",
  japaneast: "japanwest",
  japanwest: "japaneast",
  koreacentral: "koreasouth",
  koreasouth: "koreacentral",
  eastus: "westus",
  westus: "eastus",
  eastus2: "centralus",
  centralus: "eastus2",
  northcentralus: "southcentralus",
  southcentralus: "northcentralus",
  westus2: "westcentralus",
  westcentralus: "westus2",
  westus3: "eastus",
  norwayeast: "norwaywest",
  norwaywest: "norwayeast",
  southafricanorth: "southafricawest",
  southafricawest: "southafricanorth",
  swedencentral: "swedensouth",
  switzerlandnorth: "switzerlandwest",
  switzerlandwest: "switzerlandnorth",
  uksouth: "ukwest",
  ukwest: "uksouth",
  uaenorth: "uaecentral",
  uaecentral: "uaenorth",
};
