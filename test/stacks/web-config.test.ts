import { expect } from "chai";
import { loadStackConfig } from "../../stacks/load-config";
import { DEV, PROD, problems, source } from "./config-fixtures";

const CAMPAIGN = { name: "bf", start: "2027-11-26T00:00", end: "2027-11-29T23:59", minSize: 4, maxSize: 20 };

describe("stacks/load-config: web tier, domain, storage and bastion", () => {
  describe("presets", () => {
    it("sizes dev small and prod across every AZ", () => {
      const dev = loadStackConfig(source(DEV)).web;
      const prod = loadStackConfig(source(PROD)).web;
      expect([dev.instanceType, dev.minSize, dev.maxSize, dev.desiredCapacity]).to.deep.equal([
        "t4g.medium",
        1,
        3,
        1,
      ]);
      expect([prod.instanceType, prod.minSize, prod.maxSize, prod.desiredCapacity]).to.deep.equal([
        "m7g.large",
        3,
        12,
        3,
      ]);
      expect(prod.cpuTargetPercent).to.equal(70);
      expect(prod.refreshMinHealthyPercent).to.equal(90);
    });

    it("checks both profiles on the static health file, never through PHP and the database", () => {
      expect(loadStackConfig(source(DEV)).web.healthCheckPath).to.equal("/storefront-health.txt");
      expect(loadStackConfig(source({ ...DEV, profile: "magento" })).web.healthCheckPath).to.equal(
        "/storefront-health.txt",
      );
    });

    it("has no bastion unless asked, and an SSM-only one when enabled without SSH networks", () => {
      expect(loadStackConfig(source(DEV)).bastion).to.equal(undefined);
      expect(loadStackConfig(source({ ...DEV, bastion: { enabled: true } })).bastion).to.deep.equal({
        sshCidrs: [],
        instanceType: "t4g.nano",
      });
    });

    it("turns on Spot with the web instance type unless others are listed", () => {
      const web = loadStackConfig(source({ ...DEV, web: { spot: { enabled: true } } })).web;
      expect(web.spot).to.deep.equal({ instanceTypes: ["t4g.medium"], onDemandBaseCapacity: 0 });
    });
  });

  describe("invalid input", () => {
    it("rejects a minimum above the maximum", () => {
      expect(problems({ ...DEV, web: { minSize: 4, maxSize: 2, desiredCapacity: 2 } })).to.deep.equal([
        "web.minSize: got 4; expected at most web.maxSize (2)",
      ]);
    });

    it("rejects a desired count outside [min, max], against the preset values too", () => {
      expect(problems({ ...DEV, web: { desiredCapacity: 5 } })).to.deep.equal([
        "web.desiredCapacity: got 5; expected from web.minSize (1) to web.maxSize (3)",
      ]);
    });

    it("rejects an invalid instance type", () => {
      expect(problems({ ...DEV, web: { instanceType: "m7g-large" } })).to.deep.equal([
        'web.instanceType: got "m7g-large"; expected an EC2 instance type such as t4g.medium, m7g.large or c7i.2xlarge',
      ]);
    });

    it("keeps prod on two servers at least and off Spot", () => {
      expect(
        problems({ ...PROD, web: { minSize: 1, desiredCapacity: 1, spot: { enabled: true } } }),
      ).to.deep.equal([
        "web.minSize: got 1; expected 2 or more in a prod environment (servers in two AZs at least)",
        "web.spot.enabled: got true; expected false in a prod environment (Spot servers can be reclaimed at two minutes' notice)",
      ]);
    });

    it("keeps Spot instance types on the architecture of the image", () => {
      expect(
        problems({ ...DEV, web: { spot: { enabled: true, instanceTypes: ["t4g.medium", "t3.medium"] } } }),
      ).to.deep.equal([
        'web.spot.instanceTypes: got ["t3.medium"]; expected arm64 instance types like web.instanceType (t4g.medium): ' +
          "all servers boot the same image",
      ]);
    });

    it("rejects a campaign that ends before it starts", () => {
      expect(
        problems({ ...DEV, web: { campaigns: [{ ...CAMPAIGN, end: "2027-11-25T00:00" }] } }),
      ).to.deep.equal([
        'web.campaigns[0].end: got "2027-11-25T00:00"; expected a time after the campaign\'s start (2027-11-26T00:00)',
      ]);
    });

    it("rejects a campaign that ends the minute it starts", () => {
      expect(problems({ ...DEV, web: { campaigns: [{ ...CAMPAIGN, end: CAMPAIGN.start }] } })).to.deep.equal([
        `web.campaigns[0].end: got "${CAMPAIGN.start}"; expected a time after the campaign's start (${CAMPAIGN.start})`,
      ]);
    });

    it("rejects a campaign whose maximum is below the group's minimum: campaigns raise capacity", () => {
      expect(
        problems({
          ...PROD,
          web: {
            minSize: 4,
            desiredCapacity: 4,
            campaigns: [{ ...CAMPAIGN, minSize: 2, desiredCapacity: 2, maxSize: 3 }],
          },
        }),
      ).to.deep.equal([
        "web.campaigns[0].maxSize: got 3; expected at least web.minSize (4): a campaign raises capacity",
      ]);
    });

    it("rejects overlapping campaigns, the lead time included", () => {
      const second = { ...CAMPAIGN, name: "cyber", start: "2027-11-30T00:30", end: "2027-12-02T00:00" };
      expect(problems({ ...DEV, web: { campaigns: [CAMPAIGN, second] } })).to.deep.equal([
        'web.campaigns: got "bf and cyber overlap"; expected campaigns whose windows, with the 60-minute lead, ' +
          "do not overlap (merge them into one)",
      ]);
      expect(
        problems({ ...DEV, web: { campaignLeadMinutes: 15, campaigns: [CAMPAIGN, second] } }),
      ).to.deep.equal([]);
    });

    it("rejects campaign capacity that contradicts itself, dates that do not exist and reused names", () => {
      const bad = { ...CAMPAIGN, start: "2027-02-30T10:00", minSize: 9, maxSize: 5 };
      expect(problems({ ...DEV, web: { campaigns: [CAMPAIGN, { ...bad, name: "bf" }] } })).to.deep.equal([
        'web.campaigns[1].name: got "bf"; expected a name no other campaign uses',
        'web.campaigns[1].start: got "2027-02-30T10:00"; expected a date and time that exists in its time zone',
        "web.campaigns[1].minSize: got 9; expected at most its maxSize (5)",
      ]);
    });

    it("rejects an unknown time zone and a time with an offset", () => {
      const lines = problems({
        ...DEV,
        web: { campaigns: [{ ...CAMPAIGN, timeZone: "Mars/Olympus", start: "2027-11-26T00:00+01:00" }] },
      });
      expect(lines).to.deep.equal([
        'web.campaigns[0].start: got "2027-11-26T00:00+01:00"; expected a local date and time such as ' +
          "2026-11-27T06:00 (no offset: timeZone says where)",
        'web.campaigns[0].timeZone: got "Mars/Olympus"; expected an IANA time zone such as Europe/Berlin or America/New_York',
      ]);
    });

    it("rejects an SSH network written with host bits, and one listed twice, as the provider and EC2 do", () => {
      expect(
        problems({ ...DEV, bastion: { sshCidrs: ["203.0.113.5/24", "198.51.100.0/28", "198.51.100.0/28"] } }),
      ).to.deep.equal([
        'bastion.sshCidrs[0]: got "203.0.113.5/24"; expected its network address 203.0.113.0/24: the AWS provider refuses a block with host bits set',
        'bastion.sshCidrs[2]: got "198.51.100.0/28"; expected a network not listed before (it is also item 1): EC2 refuses the same permission twice',
      ]);
    });

    it("rejects SSH open to the whole internet", () => {
      expect(problems({ ...DEV, bastion: { sshCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } })).to.deep.equal([
        'bastion.sshCidrs[1]: got "0.0.0.0/0"; expected an IPv4 CIDR block such as 203.0.113.0/24, narrower than ' +
          "the whole internet (not /0)",
      ]);
    });

    it("rejects SSH networks on a disabled bastion", () => {
      expect(problems({ ...DEV, bastion: { enabled: false, sshCidrs: ["203.0.113.0/24"] } })).to.deep.equal([
        'bastion.sshCidrs: got ["203.0.113.0/24"]; expected no SSH sources while bastion.enabled is false ' +
          "(enable the bastion or drop sshCidrs)",
      ]);
    });

    it("requires a domain in prod, and a way to get its certificate", () => {
      const { domain: _domain, ...noDomain } = PROD;
      expect(problems(noDomain)).to.deep.equal([
        "domain: got nothing; expected a domain in a prod environment: its load balancer must serve HTTPS",
      ]);
      expect(
        problems({ ...DEV, domain: { name: "shop.acme.example" }, edge: { enabled: false } }),
      ).to.deep.equal([
        'domain: got {"name":"shop.acme.example"}; expected hostedZoneId (the kit issues and validates the ' +
          "certificate in Route 53) or certificateArn (an issued ACM certificate)",
      ]);
    });

    it("rejects a certificate from another region", () => {
      const arn = "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012";
      const domain = { name: "shop.acme.example", certificateArn: arn };
      expect(problems({ ...DEV, domain, edge: { enabled: false } })).to.deep.equal([
        `domain.certificateArn: got "${arn}"; expected a certificate in eu-west-1, the load balancer's region`,
      ]);
    });

    it("rejects an EFS transition period AWS does not offer", () => {
      expect(problems({ ...DEV, storage: { transitionToIaDays: 45 } })).to.deep.equal([
        "storage.transitionToIaDays: got 45; expected one of: 1, 7, 14, 30, 60, 90, 180, 270, 365",
      ]);
    });
  });
});
