import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      // The package roots load every service module (238 for aws, 258 for azure-native): import the submodule you use.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@pulumi/aws",
              message: 'Import the service submodule, e.g. import * as ec2 from "@pulumi/aws/ec2".',
            },
            {
              // Its root eagerly requires all 258 service indexes: about 0.5 s more per plan (AZURE-NOTES 3.2).
              name: "@pulumi/azure-native",
              message:
                'Import the service submodule, e.g. import * as network from "@pulumi/azure-native/network".',
            },
            {
              name: "@pulumi/awsx",
              message: 'Import the submodule, e.g. import { Vpc } from "@pulumi/awsx/ec2".',
            },
          ],
        },
      ],
    },
  },
);
