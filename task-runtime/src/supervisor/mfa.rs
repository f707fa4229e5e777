//! The module-function-arguments forms of `Task.Supervisor`: `async/4`,
//! `async_nolink/4`, `start_child/4`. In Rust the module is a name (an
//! Elixir alias such as `"Enum"`, or a Rust path), the function a Rust
//! function of the arguments ([`Apply`]), applied to them in the child; the
//! task's `mfa` and the child's `$initial_call` are `{Module, :fun, arity}`.

use super::{ChildOptions, StartChildError, TaskSupervisor};
use crate::Pid;
use crate::task::{Apply, Mfa, Task};
use std::future::Future;

type Output<F, A> = <<F as Apply<A>>::Future as Future>::Output;

impl TaskSupervisor {
    /// `Task.Supervisor.async(sup, module, fun, args)`: as
    /// [`async_task`](TaskSupervisor::async_task), running `fun(args..)`,
    /// with `mfa` `{module, :function, arity}`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use task_runtime::{inspect::inspect, task, Timeout};
    /// use task_runtime::supervisor::{SupervisorOptions, TaskSupervisor};
    /// async fn sum(xs: Vec<i64>) -> i64 { xs.iter().sum() }
    /// # task_runtime::root::spawn_root(async {
    /// let sup = TaskSupervisor::start_link(SupervisorOptions::new()).await.unwrap();
    /// let t = sup.async_mfa("Enum", "sum", sum, (vec![1, 2],)).await;
    /// assert!(inspect(&t).starts_with("%Task{mfa: {Enum, :sum, 1}, "));
    /// assert_eq!(task::await_task(t, Timeout::DEFAULT).await, 3);
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub async fn async_mfa<F, A>(
        self,
        module: &'static str,
        function: &'static str,
        fun: F,
        args: A,
    ) -> Task<Output<F, A>>
    where
        F: Apply<A>,
        A: Send + 'static,
        Output<F, A>: Send + 'static,
    {
        let mfa = Mfa::new(module, function, F::ARITY);
        let body = async move { fun.apply(args).await };
        self.start_async(body, true, ChildOptions::new(), mfa).await
    }

    /// `Task.Supervisor.async_nolink(sup, module, fun, args)`: as
    /// [`async_nolink`](TaskSupervisor::async_nolink), running `fun(args..)`.
    pub async fn async_nolink_mfa<F, A>(
        self,
        module: &'static str,
        function: &'static str,
        fun: F,
        args: A,
    ) -> Task<Output<F, A>>
    where
        F: Apply<A>,
        A: Send + 'static,
        Output<F, A>: Send + 'static,
    {
        let mfa = Mfa::new(module, function, F::ARITY);
        let body = async move { fun.apply(args).await };
        self.start_async(body, false, ChildOptions::new(), mfa)
            .await
    }

    /// `Task.Supervisor.start_child(sup, module, fun, args, opts)`: as
    /// [`start_child`](TaskSupervisor::start_child), each run (a restart
    /// too) calling `fun` on a copy of `args`; its `$initial_call` is
    /// `{module, :function, arity}`.
    pub async fn start_child_mfa<F, A>(
        self,
        module: &'static str,
        function: &'static str,
        fun: F,
        args: A,
        opts: ChildOptions,
    ) -> Result<Pid, StartChildError>
    where
        F: Apply<A> + Clone,
        A: Clone + Send + 'static,
    {
        let mfa = Mfa::new(module, function, F::ARITY);
        let make = move || fun.clone().apply(args.clone());
        self.start_child_as(make, opts, Some(mfa)).await
    }
}
