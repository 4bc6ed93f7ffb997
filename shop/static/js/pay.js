// The card form: Stripe.js collects the card and confirms the PaymentIntent (3-D Secure included);
// the order is settled by Stripe's webhook, not by this page.
(function () {
  const form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") return;
  const stripe = Stripe(form.dataset.key);
  const elements = stripe.elements({ clientSecret: form.dataset.secret });
  const card = elements.create("payment");
  card.mount("#card-element");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: form.dataset.return } });
    if (error) document.getElementById("card-errors").textContent = error.message;
  });
})();
