import { expect } from "chai";
import { sizeFor, vcpusOf } from "../../stacks/sizing";

const PROD = { profile: "magento" as const, base: "prod" as const, azCount: 3 };

describe("stacks/sizing", () => {
  it("sizes the case study: 10,000 Magento shoppers need about ten four-vCPU servers at 70% CPU", () => {
    const s = sizeFor({ ...PROD, peakUsers: 10000 });
    expect(s.pageViewsPerSecond).to.equal(500);
    expect(s.web.instanceType).to.equal("c7g.xlarge");
    expect(s.web.peakServers).to.be.within(10, 11);
    expect(s.web.maxSize).to.be.greaterThanOrEqual(Math.ceil(s.web.peakServers * 1.5));
  });

  it("never gives fewer servers, a smaller database or fewer readers to more shoppers", () => {
    const classes = ["db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge"];
    for (const profile of ["magento", "wordpress"] as const) {
      let previous = sizeFor({ ...PROD, profile, peakUsers: 10 });
      for (let users = 100; users <= 2_000_000; users = Math.ceil(users * 1.3)) {
        const next = sizeFor({ ...PROD, profile, peakUsers: users });
        expect(next.web.maxSize, `${profile} ${users}`).to.be.at.least(previous.web.maxSize);
        expect(next.web.minSize, `${profile} ${users}`).to.be.at.least(previous.web.minSize);
        expect(classes.indexOf(next.database.instanceClass)).to.be.at.least(
          classes.indexOf(previous.database.instanceClass),
        );
        expect(next.database.readers).to.be.at.least(previous.database.readers);
        previous = next;
      }
    }
  });

  it("keeps within the limits: a server per AZ in prod, at most 500 servers, min ≤ desired ≤ max", () => {
    for (const users of [1, 50, 5000, 50_000_000]) {
      const s = sizeFor({ ...PROD, peakUsers: users });
      expect(s.web.minSize).to.be.at.least(3);
      expect(s.web.maxSize).to.be.at.most(500);
      expect(s.web.desiredCapacity).to.be.within(s.web.minSize, s.web.maxSize);
    }
    const dev = sizeFor({ ...PROD, base: "dev", peakUsers: 200 });
    expect([dev.web.instanceType, dev.web.minSize, dev.database.readers]).to.deep.equal(["t4g.medium", 1, 0]);
  });

  it("takes page views per second over the think-time estimate when given", () => {
    expect(sizeFor({ ...PROD, peakUsers: 10000, pageViewsPerSecond: 1200 }).pageViewsPerSecond).to.equal(
      1200,
    );
  });

  it("knows the vCPUs of instance sizes", () => {
    expect(["t4g.medium", "m7g.large", "c7g.xlarge", "c7g.4xlarge"].map(vcpusOf)).to.deep.equal([
      2, 2, 4, 16,
    ]);
  });
});
