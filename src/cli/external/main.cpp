// certgate-external: Terraform's external program protocol.

#include <iostream>

int main()
{
    // Placeholder until the external program lands.
    std::cerr << "certgate-external: usage: certgate-external certificate|expiry|recipient|notification\n";
    return 2;
}
