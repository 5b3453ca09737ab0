namespace CallCentre.Hosting.Auth;

/// <summary>The roles a token can carry. <c>telephony</c> is the PBX or SIP gateway that posts calls.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Supervisor = "supervisor";
    public const string Agent = "agent";
    public const string Client = "client";
    public const string Telephony = "telephony";
}

public static class CallCentreClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    /// <summary>A tenant (client company) the bearer may read; a client token carries exactly one.</summary>
    public const string Tenant = "tenant";
    public const string AgentId = "agent_id";
}
