package collect

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"
)

// Lambda function policies (read-only call lambda:GetPolicy) of the
// functions the SQL's external functions name, written as aws lambda
// get-policy prints them into lambda-policy-NAME.json (the loader finds
// the function in the policy's Resource ARNs). A function named by ARN is
// read in the ARN's region, as its account when collect read that
// account; a bare name in the caller's account and region, where Redshift
// looks for it. ResourceNotFoundException (no policy, or no such
// function) writes nothing and is no gap: without a policy the role's own
// policies decide, as they do for a function the data has no policy of.

type functionPolicyOut struct {
	Policy     string
	RevisionId string `json:",omitempty"`
}

// functionPolicies reads the policy of every function the SQL names.
func (c *collector) functionPolicies(ctx context.Context, caller aws.Config) {
	var wg sync.WaitGroup
	for _, fn := range c.opts.Targets.Functions {
		wg.Go(func() { c.functionPolicy(ctx, caller, fn) })
	}
	wg.Wait()
}

func (c *collector) functionPolicy(ctx context.Context, caller aws.Config, fn string) {
	cfg, account := caller, c.callerAccount()
	if parts := strings.Split(fn, ":"); len(parts) >= 7 && parts[0] == "arn" {
		account = parts[4]
		c.mu.Lock()
		if own, ok := c.configs[account]; ok {
			cfg = own
		}
		c.mu.Unlock()
		cfg.Region = parts[3]
	}
	var out *lambda.GetPolicyOutput
	err := c.call(func() (err error) {
		out, err = lambda.NewFromConfig(cfg).GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fn)})
		return err
	})
	var api smithy.APIError
	switch {
	case errors.As(err, &api) && api.ErrorCode() == "ResourceNotFoundException":
		return
	case err != nil:
		g := gapOf("lambda:GetPolicy", account, cfg.Region, err)
		g.Resource = fn
		c.gap(g)
		return
	}
	c.keep("lambda-policy-"+fileSafe(fn)+".json", "function policy of "+fn, functionPolicyOut{Policy: str(out.Policy), RevisionId: str(out.RevisionId)})
}

// callerAccount is the account of the caller's own credentials ("" when
// not known).
func (c *collector) callerAccount() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.caller
}

// fileSafe spells a function name or ARN as a file name.
func fileSafe(s string) string {
	return strings.NewReplacer(":", "_", "/", "_", `\`, "_").Replace(s)
}
