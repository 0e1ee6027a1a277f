import { problem, RawCheck } from "./check";

export const bastionSources: RawCheck = ({ bastion }) =>
  bastion?.enabled === false && (bastion.sshCidrs?.length ?? 0) > 0
    ? [
        problem(
          "bastion.sshCidrs",
          bastion.sshCidrs,
          "no SSH sources while bastion.enabled is false (enable the bastion or drop sshCidrs)",
        ),
      ]
    : [];
